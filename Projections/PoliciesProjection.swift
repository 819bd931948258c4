import GRDB
import LedgerCore
import LedgerStore

/// **policies** — requirements on plans (`policy.adopted`; SPEC, "The planning year", Perspective analyses), each
/// version with its effective date, and the perspectives analysed in each plan version's content, which the audit's
/// `perspective-analysis-missing` reads.
///
/// Table `policy_version`: policy, plan (the governing document that states it), effective, requires, kinds and
/// perspectives (JSON arrays as adopted), dnr, approved_by, with seq, known_seq, superseded_seq (see `VersionedRows`).
/// The analyses themselves are part of each version's content in `plan_version` (`ChangesProjection`).
public struct PoliciesProjection: VersionedProjection {
    public let name = "policies.v1"
    public let tables = ["policy_version"]

    public init() {}

    public func apply(_ event: RecordedEvent, _ payload: Payload, _ db: Database) throws {
        try applyVersioned(event, payload, db)
    }

    public func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS policy_version (
                seq            INTEGER NOT NULL,  -- the policy.adopted event
                known_seq      INTEGER NOT NULL,
                superseded_seq INTEGER,
                policy         TEXT NOT NULL,
                plan           TEXT NOT NULL,
                effective      TEXT NOT NULL,
                requires       TEXT NOT NULL,
                kinds          TEXT NOT NULL,     -- JSON array of plan kinds
                perspectives   TEXT NOT NULL,     -- JSON array of perspectives
                dnr            TEXT,
                approved_by    TEXT NOT NULL,
                PRIMARY KEY (seq, known_seq)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS policy_version_by_date ON policy_version(effective);
            """)
    }

    func table(for type: EventType) -> String? {
        type == .policyAdopted ? "policy_version" : nil
    }

    func insert(origin: RecordedEvent, payload: Payload, data: [String: JSONValue], effective: LedgerDate, knownSeq: Int, correctedBy: Int?, _ db: Database) throws {
        guard case .policyAdopted(let p) = payload, let plan = origin.plan else { return }
        try db.cachedStatement(sql: """
            INSERT INTO policy_version (seq, known_seq, policy, plan, effective, requires, kinds, perspectives, dnr, approved_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).insert(
                origin.seq, knownSeq, p.policy, plan, effective.description, p.requires.rawValue,
                CanonicalJSON.string(.array(p.kinds.map(JSONValue.string))),
                CanonicalJSON.string(.array(p.perspectives.map { .string($0.rawValue) })), p.dnr, p.approvedBy
            )
    }

    // MARK: - Queries

    /// The policies with a version effective on or before the as-of date, by key, each with its history.
    /// Policies are few (a handful per organisation): one range scan of the effective dates.
    public static func policies(at point: TimePoint, _ db: Database) throws -> [PolicyView] {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT seq, policy, plan, effective, requires, kinds, perspectives, dnr, approved_by FROM policy_version
            WHERE effective <= ? AND \(VersionedRows.visible)
            """), arguments: [point.asOf.description, point.knownAt, point.knownAt])
        return PolicyView.build(try rows.map { stored in
            let row = ProjectionRow(stored, in: "policy_version")
            let seq: Int = try row.required("seq")
            func strings(_ column: String) throws -> [String] {
                guard case .array(let items) = try row.json(column), let values = Optional(items.compactMap(\.stringValue)),
                    values.count == items.count
                else {
                    throw StoreError.damagedRow(table: "policy_version", row: "seq \(seq)", reason: "column \(column) is not a JSON array of texts")
                }
                return values
            }
            let perspectives = try strings("perspectives").map { text in
                guard let p = Perspective(rawValue: text) else {
                    throw StoreError.damagedRow(table: "policy_version", row: "seq \(seq)", reason: "column perspectives holds \"\(text)\", not a perspective")
                }
                return p
            }
            return PolicyVersion(policy: try row.required("policy"), requires: try row.choice("requires"), kinds: try strings("kinds"),
                                 perspectives: perspectives, dnr: try row.optional("dnr"), approvedBy: try row.required("approved_by"),
                                 plan: try row.required("plan"), effective: try row.date("effective"), seq: seq)
        })
    }

    /// Every version in force at `point` of the plans `kinds` (key → kind: the plans that exist then), with the
    /// perspectives its content in force analyses (`AnalysedVersion`), by plan and version. One scan of the
    /// versions in force, reading the perspectives `ChangesProjection` keeps beside each version (never the content).
    public static func analysed(kinds: [String: String], at point: TimePoint, _ db: Database) throws -> [AnalysedVersion] {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT plan, seq, version, effective, change, approved_by, dnr, decision_body, decision_paragraph, recorded, corrected_by,
                   has_analyses, perspectives
            FROM plan_version WHERE effective <= ? AND \(VersionedRows.visible) ORDER BY plan, version
            """), arguments: [point.asOf.description, point.knownAt, point.knownAt])
        var byPlan: [String: [(entry: ChangeEntry, named: [Perspective]?)]] = [:]
        for stored in rows {
            let row = ProjectionRow(stored, in: "plan_version")
            let plan: String = try row.required("plan")
            guard kinds[plan] != nil else { continue }
            let entry = try ChangesProjection.changeEntry(row)
            var named: [Perspective]?
            if try row.flag("has_analyses") {
                let list: String = try row.optional("perspectives") ?? ""
                named = list.split(separator: ",").compactMap { Perspective(rawValue: String($0)) }
            }
            byPlan[plan, default: []].append((entry, named))
        }
        return byPlan.keys.sorted(by: byteOrder).flatMap { plan in
            AnalysedVersion.build(plan: plan, kind: kinds[plan]!, versions: byPlan[plan]!)
        }
    }
}
