import Foundation
import GRDB
import LedgerCore
import LedgerStore

/// What public output hides (SPEC: the diary's `--public` mode, "Personal data in the public view", and "public also
/// never sees actors"), read from the diary projection in one snapshot.
///
/// The rule is the strictest one that answers every time point alike: a dnr classified in ANY version the ledger holds
/// shows "Sekretess enligt <ground>" (its latest ground) instead of its title and counterpart, and a dnr marked
/// `personalData: true` in any version shows its counterpart as "Enskild" — whichever version, as of whichever date
/// and known at whichever point, the answer shows. So a classification or a personal-data mark added later by a
/// correction also hides older answers, and one removed by a later correction keeps hiding what was once recorded as
/// secret or personal (lifting it is for a registrar's answer, never silently for the public's).
public struct PublicMask: Sendable, Hashable {
    /// Dnrs classified in any version, with the latest ground.
    public var classified: [String: String]
    /// Dnrs marked as personal data in any version.
    public var personalData: Set<String>
    /// The same, by the seq of the `diary.registered` event every version of an entry stems from (a correction may
    /// change an entry's dnr; both dnrs are masked).
    public var classifiedEvents: [Int: String]
    public var personalDataEvents: Set<Int>

    public init(classified: [String: String] = [:], personalData: Set<String> = [], classifiedEvents: [Int: String] = [:],
                personalDataEvents: Set<Int> = []) {
        self.classified = classified
        self.personalData = personalData
        self.classifiedEvents = classifiedEvents
        self.personalDataEvents = personalDataEvents
    }

    /// Reads the mask in `db` (the diary projection's tables, every version known).
    /// Two scans of the diary projection's partial indexes (v3): the classified rows by `known_seq` (the latest
    /// ground wins, by dnr and by event) and the personal-data rows; their cost follows those rows, not the diary.
    public static func read(_ db: Database) throws -> PublicMask {
        var mask = PublicMask()
        for stored in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT seq, dnr, secrecy_ground FROM diary_entry INDEXED BY diary_entry_classified WHERE secrecy_ground IS NOT NULL ORDER BY known_seq
            """)) {
            let row = ProjectionRow(stored, in: "diary_entry")
            let ground: String = try row.required("secrecy_ground")
            mask.classified[try row.required("dnr")] = ground
            mask.classifiedEvents[try row.required("seq")] = ground
        }
        for stored in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT seq, dnr FROM diary_entry INDEXED BY diary_entry_personal WHERE personal_data = 1
            """)) {
            let row = ProjectionRow(stored, in: "diary_entry")
            mask.personalData.insert(try row.required("dnr"))
            mask.personalDataEvents.insert(try row.required("seq"))
        }
        return mask
    }

    /// `entry` as public output shows it (`DiaryEntry.masked(classifiedLater:personalDataLater:)`).
    public func apply(_ entry: DiaryEntry) -> DiaryEntry {
        entry.masked(classifiedLater: classified[entry.dnr] ?? classifiedEvents[entry.seq],
                     personalDataLater: personalData.contains(entry.dnr) || personalDataEvents.contains(entry.seq))
    }

    /// An event as `export` writes it (`RecordedEvent.exported`), masked for public output as the diary is:
    /// - `diary.registered` of a classified entry: `data.title` is "Sekretess enligt <ground>" and `data.counterpart`
    ///   is left out; of a personal-data entry: `data.counterpart` is "Enskild".
    /// - `event.corrected` of such an event (`targetType` `.diaryRegistered`): its `replacement.data` masked the same
    ///   way, and, for a classified entry, its `reason` is "Sekretess enligt <ground>" too (a reason is free text that
    ///   may repeat what the entry hides), for a personal-data entry `personalReason`; `event.retracted` of such an
    ///   entry: the same for `reason`.
    /// - `actor` is null when `showActor` is false (SPEC: "public also never sees actors"; staff see them).
    /// Every other member is as recorded, `prev` and `hash` included: a masked event no longer matches its hash (the
    /// chain is verified by auditors, on the unmasked log).
    public func exported(_ event: RecordedEvent, targetType: EventType?, showActor: Bool) -> JSONValue {
        guard case .object(var members) = event.exported else { return event.exported }
        if !showActor { members["actor"] = .null }
        switch event.type {
        case .diaryRegistered:
            members["data"] = .object(maskDiaryData(event.data, origin: event.seq))
        case .eventCorrected where targetType == .diaryRegistered:
            var data = event.data
            guard case .number(let number)? = data["target"], let target = Int(exactly: number) else { break }
            if case .object(var replacement)? = data["replacement"], case .object(let replaced)? = replacement["data"] {
                replacement["data"] = .object(maskDiaryData(replaced, origin: target))
                data["replacement"] = .object(replacement)
            }
            let replaced = (data["replacement"]?.objectValue?["data"]?.objectValue) ?? [:]
            if let ground = ground(data: replaced, origin: target) {
                data["reason"] = .string("Sekretess enligt \(ground)")
            } else if data["reason"] != nil, personal(data: replaced, origin: target) {
                data["reason"] = .string(Self.personalReason)
            }
            members["data"] = .object(data)
        case .eventRetracted where targetType == .diaryRegistered:
            var data = event.data
            guard case .number(let number)? = data["target"], let target = Int(exactly: number) else { break }
            if let ground = classifiedEvents[target] {
                data["reason"] = .string("Sekretess enligt \(ground)")
            } else if data["reason"] != nil, personalDataEvents.contains(target) {
                data["reason"] = .string(Self.personalReason)
            }
            members["data"] = .object(data)
        default:
            break
        }
        return .object(members)
    }

    /// What the public reads in place of the free-text `reason` of a correction or retraction of a personal-data
    /// entry: the reason may name the private individual the entry hides ("Uppgift om enskild", information about a
    /// private individual).
    public static let personalReason = "Uppgift om enskild"

    /// Whether an entry is masked as personal data: its own mark, its dnr's in any version, or its origin event's.
    private func personal(data: [String: JSONValue], origin: Int) -> Bool {
        if case .bool(true)? = data["personalData"] { return true }
        if case .string(let dnr)? = data["dnr"], personalData.contains(dnr) { return true }
        return personalDataEvents.contains(origin)
    }

    /// The ground an entry is masked on: its own secrecy, its dnr's in any version, or its origin event's.
    private func ground(data: [String: JSONValue], origin: Int) -> String? {
        if case .object(let secrecy)? = data["secrecy"], case .string(let g)? = secrecy["ground"] { return g }
        if case .string(let dnr)? = data["dnr"], let g = classified[dnr] { return g }
        return classifiedEvents[origin]
    }

    /// The data of a `diary.registered` (or its replacement) as the public may read it.
    private func maskDiaryData(_ data: [String: JSONValue], origin: Int) -> [String: JSONValue] {
        var data = data
        let dnr: String? = if case .string(let d)? = data["dnr"] { d } else { nil }
        let personal = data["personalData"] == .bool(true) || dnr.map(personalData.contains) == true || personalDataEvents.contains(origin)
        if personal, data["counterpart"].map({ !$0.isNull }) == true { data["counterpart"] = .string(DiaryEntry.privateIndividual) }
        if let ground = ground(data: data, origin: origin) {
            data["title"] = .string("Sekretess enligt \(ground)")
            data.removeValue(forKey: "counterpart")
        }
        return data
    }
}

/// One event as the event stream sends it: its seq, its type and its line of `export` (masked where the caller's role
/// asks for it).
public struct StreamedEvent: Sendable, Hashable {
    public var seq: Int
    public var type: EventType
    /// The event's canonical JSON (RFC 8785) on one line, as `planledger export` writes it, or masked
    /// (`PublicMask.exported`).
    public var line: String
}

extension LedgerQueries {
    /// The events after seq `after`, at most `limit`, read in one snapshot, each as `export` writes it; when `masked`,
    /// as the public may see them (`PublicMask.exported`, the mask read in the same snapshot, so that a classification
    /// recorded by then hides every earlier event of the entry), with `actor` null unless `showActor`. Empty when
    /// there is nothing after `after`.
    public func streamedEvents(after: Int, limit: Int, masked: Bool, showActor: Bool) throws -> [StreamedEvent] {
        try ledger.read { db in
            let head = try EventLog.head(db).seq
            guard head > after else { return [] }
            let last = min(head, after + limit)
            let mask = masked ? try PublicMask.read(db) : nil
            var events: [StreamedEvent] = []
            var targets: [Int: EventType] = [:]
            for seq in (after + 1)...last {
                guard let event = try EventLog.event(seq: seq, db) else { break }
                guard let mask else {
                    events.append(StreamedEvent(seq: seq, type: event.type, line: CanonicalJSON.string(event.exported)))
                    continue
                }
                var targetType: EventType?
                if event.type.isAmendment, case .number(let number)? = event.data["target"], let target = Int(exactly: number) {
                    if targets[target] == nil { targets[target] = try EventLog.event(seq: target, db)?.type }
                    targetType = targets[target]
                }
                events.append(StreamedEvent(seq: seq, type: event.type,
                                            line: CanonicalJSON.string(mask.exported(event, targetType: targetType, showActor: showActor))))
            }
            return events
        }
    }

    /// What public output hides, every version the ledger holds (see `PublicMask`).
    public func publicMask() throws -> PublicMask {
        try ledger.read { db in try PublicMask.read(db) }
    }

    /// `entries` as the public may read them (`--public`, and the service's public and staff roles): a diary entry
    /// whose dnr is classified in any version the ledger holds shows "Sekretess enligt <ground>" instead of its title
    /// and counterpart, one marked as personal data in any version shows "Enskild" as its counterpart (`PublicMask`;
    /// SPEC, the diary and OSL, "Personal data in the public view").
    public func masked(_ entries: [DiaryEntry]) throws -> [DiaryEntry] {
        let mask = try publicMask()
        return entries.map(mask.apply)
    }

    /// `assignments`, only those overdue (deadline passed, not done) when `overdue`.
    public func assignments(plan: String?, overdue: Bool, asOf: LedgerDate, knownAt: KnownAt) throws -> [AssignmentView] {
        let rows = try assignments(plan: plan, asOf: asOf, knownAt: knownAt)
        return overdue ? rows.filter(\.overdue) : rows
    }

    /// The activities of one plan (or of every plan) in the content in force as of the date, with their status then;
    /// only the overdue ones (due before the date, neither done nor cancelled) when `overdue`. By due date, plan, id.
    /// What `planledger activities`, `GET /api/v1/activities` and `/aktiviteter` show.
    public func activities(plan: String?, overdue: Bool, asOf: LedgerDate, knownAt: KnownAt) throws -> [ActivityView] {
        let rows = try ledger.read { db in
            let point = try resolvePoint(asOf, knownAt, db)
            return try ActivitiesProjection.activities(plan: plan, at: point, db)
        }
        return overdue ? rows.filter(\.overdue) : rows
    }
}

extension KnownAt {
    /// `--known-at K` and the API's `knownAt`: a seq (`42`, 0 or more), an RFC 3339 instant (the last seq recorded at
    /// or before it), or a date YYYY-MM-DD (the end of that day in the organisation's time zone `zone`); nil for
    /// anything else.
    public init?(parsing text: String, in zone: TimeZone) {
        if let seq = Int(text) {
            guard seq >= 0 else { return nil }
            self = .seq(seq)
        } else if let date = LedgerDate(iso: text) {
            self = .instant(Timestamp.endOfDay(date, in: zone))
        } else if let instant = Timestamp(rfc3339: text) {
            self = .instant(instant)
        } else {
            return nil
        }
    }
}

extension LedgerQueries {
    /// A plan's change list (`planledger changes`): every version known, future-dated ones included, unless `asOf`
    /// asks for a date; nil when the plan does not exist at that point.
    public func changes(_ key: String, asOf: LedgerDate?, knownAt: KnownAt) throws -> [ChangeEntry]? {
        try plan(key, asOf: asOf ?? LedgerDate(year: 9999, month: 12, day: 31)!, knownAt: knownAt)?.changes
    }
}

/// The `period` of a follow-up question (`followups --period`, the API's `period`): one period (`2022-DÅ04`) or a
/// whole year (`2022`).
public enum FollowupPeriodFilter {
    /// Whether `text` is a period or a four-digit year.
    public static func isValid(_ text: String) -> Bool {
        FollowupPeriod(text) != nil || (text.count == 4 && Int(text) != nil)
    }

    /// `rows` in that period, or in any period of that year.
    public static func apply(_ text: String, to rows: [FollowupRow]) -> [FollowupRow] {
        rows.filter { $0.period.description == text || String($0.period.year) == text }
    }
}
