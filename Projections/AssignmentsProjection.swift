import GRDB
import LedgerCore
import LedgerStore

/// **assignments** — uppdrag with their deadlines and reports: open, partial or done as of any date, and
/// overdue when the deadline has passed and the work is not done.
///
/// Tables `assignment_issue` (assignment, plan, title, assignee, deadline, issued_by, effective = issued) and
/// `assignment_report` (assignment, status, note, effective), each with seq, known_seq, superseded_seq.
public struct AssignmentsProjection: VersionedProjection {
    public let name = "assignments.v1"
    public let tables = ["assignment_issue", "assignment_report"]

    public init() {}

    public func apply(_ event: RecordedEvent, _ payload: Payload, _ db: Database) throws {
        try applyVersioned(event, payload, db)
    }

    public func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS assignment_issue (
                seq            INTEGER NOT NULL,  -- the assignment.issued event
                known_seq      INTEGER NOT NULL,
                superseded_seq INTEGER,
                assignment     TEXT NOT NULL,
                plan           TEXT,
                title          TEXT NOT NULL,
                assignee       TEXT NOT NULL,
                deadline       TEXT NOT NULL,
                issued_by      TEXT NOT NULL,
                effective      TEXT NOT NULL,
                PRIMARY KEY (seq, known_seq)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS assignment_issue_by_date ON assignment_issue(effective);
            CREATE INDEX IF NOT EXISTS assignment_issue_by_plan ON assignment_issue(plan, effective) WHERE plan IS NOT NULL;
            CREATE TABLE IF NOT EXISTS assignment_report (
                seq            INTEGER NOT NULL,  -- the assignment.reported event
                known_seq      INTEGER NOT NULL,
                superseded_seq INTEGER,
                assignment     TEXT NOT NULL,
                status         TEXT NOT NULL,
                note           TEXT NOT NULL,
                effective      TEXT NOT NULL,
                PRIMARY KEY (seq, known_seq)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS assignment_report_by_assignment ON assignment_report(assignment, effective);
            """)
    }

    func table(for type: EventType) -> String? {
        switch type {
        case .assignmentIssued: "assignment_issue"
        case .assignmentReported: "assignment_report"
        default: nil
        }
    }

    func insert(origin: RecordedEvent, payload: Payload, data: [String: JSONValue], effective: LedgerDate, knownSeq: Int, correctedBy: Int?, _ db: Database) throws {
        switch payload {
        case .assignmentIssued(let a):
            try db.cachedStatement(sql: """
                INSERT INTO assignment_issue (seq, known_seq, assignment, plan, title, assignee, deadline, issued_by, effective)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).insert(
                    origin.seq, knownSeq, a.assignment, origin.plan, a.title, a.assignee, a.deadline.description, a.issuedBy, effective.description
                )
        case .assignmentReported(let r):
            try db.cachedStatement(sql: """
                INSERT INTO assignment_report (seq, known_seq, assignment, status, note, effective) VALUES (?, ?, ?, ?, ?, ?)
                """).insert(origin.seq, knownSeq, r.assignment, r.status.rawValue, r.note, effective.description)
        default:
            break
        }
    }

    // MARK: - Queries

    /// Assignments issued by the as-of date (of one plan, when given), with their status then, by deadline.
    public static func assignments(plan: String? = nil, at point: TimePoint, _ db: Database) throws -> [AssignmentView] {
        let filter = plan == nil ? "" : "AND plan = ?"
        var arguments: StatementArguments = [point.asOf.description, point.knownAt, point.knownAt]
        if let plan { arguments += [plan] }
        let issues = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT seq, assignment, plan, title, assignee, deadline, issued_by, effective FROM assignment_issue
            WHERE effective <= ? AND \(VersionedRows.visible) \(filter)
            """), arguments: arguments)
        let latest = try db.cachedStatement(sql: """
            SELECT status, note, effective FROM assignment_report
            WHERE assignment = ? AND effective <= ? AND \(VersionedRows.visible) ORDER BY effective DESC, seq DESC LIMIT 1
            """)
        return try issues.map { issueRow in
            let row = ProjectionRow(issueRow, in: "assignment_issue")
            let key: String = try row.required("assignment")
            let issue = AssignmentIssued(assignment: key, title: try row.required("title"), assignee: try row.required("assignee"),
                                         deadline: try row.date("deadline"), issuedBy: try row.required("issued_by"))
            let report = try Row.fetchOne(latest, arguments: [key, point.asOf.description, point.knownAt, point.knownAt]).map { reportRow in
                let r = ProjectionRow(reportRow, in: "assignment_report")
                return (report: AssignmentReported(assignment: key, status: try r.choice("status"), note: try r.required("note")),
                        effective: try r.date("effective"))
            }
            return AssignmentView.build(issue, plan: try row.optional("plan"), issued: try row.date("effective"), seq: try row.required("seq"),
                                        latestReport: report, asOf: point.asOf)
        }.sorted(by: AssignmentView.listOrder)
    }
}
