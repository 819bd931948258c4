import Foundation
import LedgerCore
import LedgerStore
import Projections
import Synchronization

/// A ledger in a fresh temporary directory, with a controllable clock and predictable ids.
public final class TemporaryLedger: Sendable {
    public let directory: URL
    public let path: String
    public let ledger: Ledger
    private let clock: Clock

    /// A settable clock: starts at 2016-01-01T09:00:00Z and moves one second per reading unless pinned.
    public final class Clock: Sendable {
        private let millis = Mutex<Int64>(Timestamp(rfc3339: "2016-01-01T09:00:00Z")!.millisecondsSinceEpoch)
        public func set(_ text: String) { millis.withLock { $0 = Timestamp(rfc3339: text)!.millisecondsSinceEpoch } }
        func read() -> Timestamp {
            millis.withLock { m in
                defer { m += 1000 }
                return Timestamp(millisecondsSinceEpoch: m)
            }
        }
    }

    public init(projections: [any Projection] = StandardProjections.all, stateCacheLimit: Int = 100_000) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("planledger-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("ledger.sqlite").path
        let clock = Clock()
        self.clock = clock
        let counter = Mutex(0)
        let environment = LedgerEnvironment(
            now: { clock.read() },
            newID: { "id-\(counter.withLock { n in n += 1; return n })" },
            stateCacheLimit: stateCacheLimit)
        ledger = try Ledger.create(at: path, environment: environment, projections: projections, durability: .normal)
    }

    public func setClock(_ rfc3339: String) { clock.set(rfc3339) }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Appends JSON Lines text as `planledger append` would, numbering lines from 1.
    @discardableResult
    public func append(_ text: String, actor: String = "registrator:test") throws(StoreError) -> AppendResult {
        try ledger.append(Self.lines(text), actor: actor)
    }

    public static func lines(_ text: String) -> [InputLine] {
        var result: [InputLine] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            result.append(InputLine(line: i + 1, event: EventDecoder.decode(String(line))))
        }
        return result
    }

    /// Appends and returns the problems of the rejection (empty if it was accepted).
    public func problems(_ text: String) -> [String] {
        do {
            try append(text)
            return []
        } catch {
            if case .rejected(let r) = error { return r.problems.map(\.description) }
            return ["unexpected: \(error)"]
        }
    }

    /// Every event as `export` writes it, one canonical line each.
    public func exportLines() throws -> [String] {
        var lines: [String] = []
        try ledger.forEachEvent { lines.append(CanonicalJSON.string($0.exported)) }
        return lines
    }
}

/// The seed rutin's change list (Rutin för upprättande av övergripande handlingsplan, Dnr RS/1321/2015):
/// four versions 2013-03-12 … 2015-08-14, approvers missing for versions 1 and 2.
public enum SeedHistory {
    public static let plan = "rutin-overgripande-handlingsplan"

    public static let rutin = """
        {"id":"rutin-reg","type":"plan.registered","plan":"rutin-overgripande-handlingsplan","effective":"2013-03-12","data":{"title":"Rutin för upprättande av övergripande handlingsplan","kind":"rutin","owner":"Samordningskansliet"}}
        {"id":"rutin-v1","type":"plan.revised","plan":"rutin-overgripande-handlingsplan","effective":"2013-03-12","data":{"version":1,"change":"Nyutgåva"}}
        {"id":"rutin-v2","type":"plan.revised","plan":"rutin-overgripande-handlingsplan","effective":"2014-06-24","data":{"version":2,"change":"Reviderad utifrån att rutinen anpassats efter den nya styrmodellen"}}
        {"id":"rutin-v3","type":"plan.revised","plan":"rutin-overgripande-handlingsplan","effective":"2014-08-07","data":{"version":3,"change":"Tillägg till revidering ovan gällande text om jämställdhets- och jämlikhetsperspektivet","approvedBy":"Tillförordnad landstingsdirektör"}}
        {"id":"rutin-v4","type":"plan.revised","plan":"rutin-overgripande-handlingsplan","effective":"2015-08-14","data":{"version":4,"change":"Reviderad utifrån regionbildning och reviderad styrmodell samt utifrån att regiondirektörens verksamhetsplan ska innehålla mål från samtliga handlingsplaner.","approvedBy":"Regiondirektör","dnr":"RS/1321/2015"}}
        """

    /// The board plan 2023–2025 (seed 003) with goals and metrics, a diary entry and an assignment.
    public static let boardPlan = """
        {"type":"plan.registered","plan":"rs-plan-2023","effective":"2022-11-01","data":{"title":"Regionstyrelsens plan 2023–2025","kind":"regionstyrelsens plan","owner":"Regionstyrelsen","period":{"from":2023,"to":2025}}}
        {"type":"plan.revised","plan":"rs-plan-2023","effective":"2022-12-13","data":{"version":1,"change":"Reviderad plan antagen","approvedBy":"Regionstyrelsen","dnr":"1043-2022","decision":{"body":"Regionstyrelsen","paragraph":"§ 245"},"content":{"goals":[{"id":"m1","perspective":"Medarbetare","text":"Hållbart arbetsliv","metrics":[{"id":"sjukfranvaro","name":"Sjukfrånvaro","target":"Minska","baseline":5.1,"unit":"%","periods":["DÅ04","DÅ08","ÅR"]}]},{"id":"e1","perspective":"Ekonomi","text":"Ekonomi i balans","metrics":[{"id":"budget","name":"Budgetavvikelse","target":0,"unit":"mnkr","periods":["ÅR"]}]}]}}}
        {"type":"diary.registered","effective":"2022-12-14","data":{"dnr":"1043-2022","title":"Reviderad Regionstyrelsens plan 2023–2025","direction":"internal","handler":"Regionstyrelsens kansli"}}
        {"type":"assignment.issued","plan":"rs-plan-2023","effective":"2022-12-13","data":{"assignment":"rs-2023-1","title":"Ta fram en handlingsplan för kompetensförsörjning","assignee":"Regiondirektören","deadline":"2023-06-30","issuedBy":"Regionstyrelsen"}}
        """

    /// Seeds 003 and 004: the region's strategic plan, the board plan 2023–2025 below it (decision Dnr
    /// 1043-2022) with two of its assignments, and a division's plan 2022 with its April follow-up.
    public static let governance = """
        {"type":"plan.registered","plan":"strategisk-plan-2023","effective":"2022-06-01","data":{"title":"Strategisk plan 2023–2025","kind":"strategisk plan","owner":"Regionfullmäktige","period":{"from":2023,"to":2025}}}
        {"type":"plan.revised","plan":"strategisk-plan-2023","effective":"2022-11-22","data":{"version":1,"change":"Reviderad strategisk plan","approvedBy":"Regionfullmäktige"}}
        {"type":"plan.registered","plan":"rs-plan-2023","effective":"2022-11-01","data":{"title":"Regionstyrelsens plan 2023–2025","kind":"regionstyrelsens plan","owner":"Regionstyrelsen","period":{"from":2023,"to":2025},"parent":"strategisk-plan-2023"}}
        {"type":"plan.revised","plan":"rs-plan-2023","effective":"2022-12-13","data":{"version":1,"change":"Reviderad regionstyrelsens plan antagen","approvedBy":"Regionstyrelsen","dnr":"1043-2022","decision":{"body":"Regionstyrelsen","paragraph":"§ 245"}}}
        {"type":"decision.recorded","plan":"rs-plan-2023","effective":"2022-12-13","data":{"dnr":"1043-2022","body":"Regionstyrelsen","subject":"Reviderad Regionstyrelsens plan 2023-2025","text":"Regionstyrelsen beslutar att anta reviderad regionstyrelsens plan 2023-2025.","paragraph":"§ 245"}}
        {"type":"assignment.issued","plan":"rs-plan-2023","effective":"2022-12-13","data":{"assignment":"rs-2023-vns","title":"Utreda funktioner liknande VNS, vårdnära service","assignee":"Regiondirektören","deadline":"2023-03-20","issuedBy":"Regionstyrelsen"}}
        {"type":"assignment.issued","plan":"rs-plan-2023","effective":"2022-12-13","data":{"assignment":"rs-2023-kompetens","title":"Utreda kompetensförsörjningen: VFU-platser, forskningstjänster, arbetstidsmodeller, lönestrategi","assignee":"Regiondirektören","deadline":"2023-06-30","issuedBy":"Regionstyrelsen"}}
        {"type":"plan.registered","plan":"division-service-2022","effective":"2021-11-01","data":{"title":"Divisionsplan Service 2022","kind":"divisionsplan","owner":"Division Service","period":{"from":2022,"to":2022},"parent":"rs-plan-2023"}}
        {"type":"plan.revised","plan":"division-service-2022","effective":"2021-12-15","data":{"version":1,"change":"Divisionsplan fastställd","approvedBy":"Regiondirektör","content":{"goals":[{"id":"kompetens","perspective":"Medarbetare","text":"Hållbar kompetensförsörjning","successFactor":"Hållbar arbetsmiljö","metrics":[{"id":"sjukfranvaro","name":"Sjukfrånvaro","target":"Minska","baseline":5.1,"unit":"%","periods":["DÅ04","DÅ08","ÅR"]}]},{"id":"ekonomi","perspective":"Ekonomi","text":"God ekonomisk hushållning","metrics":[{"id":"budget","name":"Budgetavvikelse","target":0,"unit":"mnkr","periods":["DÅ04","DÅ08","ÅR"]}]},{"id":"verksamhet","perspective":"Verksamhet","text":"God nära och samordnad vård","successFactor":"Kvalitet/leveranssäkerhet","metrics":[{"id":"upphandling","name":"Andel upphandlingar enligt plan","target":100,"unit":"%","periods":["DÅ04","DÅ08","ÅR"]}]}]}}}
        """
}
