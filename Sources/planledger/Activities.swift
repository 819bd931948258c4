import ArgumentParser
import Catalogue
import LedgerCore
import Projections

extension Planledger {
    /// `planledger activities [PLAN] [--overdue]`: the activities of the plans' activity plans as of a date.
    struct Activities: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "activities",
            abstract: "Activities (aktiviteter) of the plans in force, with due date (tidsplan) and status as of a date.",
            discussion: "An activity is listed while it is in the content in force of a plan not repealed; overdue when its due date has passed and it is neither done nor cancelled.")

        @Argument(help: "Only this plan's activities.") var plan: String?
        @Flag(name: .long, help: "Only overdue activities: due date passed, neither done nor cancelled.") var overdue = false
        @OptionGroup var time: TimeOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func validate() throws {
            try time.validate()
        }

        func run() throws {
            try reportingFailures {
                let queries = LedgerQueries(try ledger.openForReading())
                // A plan that does not exist is exit 66, as for every command that names one; not an empty list.
                if let plan, try !queries.planKeys().contains(plan) { throw noSuchPlan(plan, asOf: time.date, knownAt: time.knownAt, queries: queries) }
                let rows = try queries.activities(plan: plan, overdue: overdue, asOf: time.date, knownAt: time.known)
                printList(rows, format: output.resolved, json: \.json, tableColumns: ActivityView.tableColumns, tableRow: \.tableRow,
                          csvColumns: ActivityView.csvColumns, flexible: ActivityView.tableFlexible,
                          empty: (overdue ? Message.noOverdueActivitiesAsOf(time.date) : Message.noActivitiesAsOf(time.date)).text(reading),
                          readingOrder: { [$0.due.description, $0.plan, $0.activity] })
            }
        }
    }

    /// `planledger report-activity PLAN --activity ID --status started|done|cancelled --note TEXT`.
    struct ReportActivity: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report-activity", abstract: "Report on an activity of a plan (activity.reported).",
            discussion: "The activity must be in the plan's content in force on --effective (default today).")
        @Argument(help: "The plan whose activity it is.") var plan: String
        @Option(help: "The activity's id, as in the plan's content.") var activity: String
        @Option(help: "started, done or cancelled.") var status: ActivityStatus
        @Option(help: "What was done.") var note: String
        @OptionGroup var record: RecordOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            try Recorder(ledger: ledger, record: record, output: output).append(.activity, fieldValues(record, [
                "plan": plan, "activity": activity, "status": status.rawValue, "note": note,
            ]))
        }
    }
}

extension ActivityStatus: ExpressibleByArgument {}

extension ActivityView {
    static var tableColumns: [String] { reading.texts([.due, .plan, .activity, .status, .overdue, .responsible, .title]) }
    static let tableFlexible: Set<Int> = [5, 6]
    static let csvColumns = ["activity", "plan", "goal", "text", "targetGroup", "from", "due", "responsible", "contact", "status", "reported",
                             "note", "overdue"]

    var tableRow: [String] {
        [due.description, plan, activity, status.word(reading) + (reported.map { " (\($0))" } ?? ""),
         overdue ? Phrase.overdueFlag.text(reading) : absent, responsible, text]
    }
}
