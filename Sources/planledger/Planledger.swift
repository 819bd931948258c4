import ArgumentParser
import Foundation

/// The root command: one subcommand per file, each an extension of this type.
@main
struct Planledger: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "planledger",
        abstract: "An append-only, verifiable ledger of plan decisions for Swedish regions and municipalities.",
        discussion: """
            Every decision, revision and follow-up of a governing document is an immutable event. \
            `planledger --version` prints the version. \
            Exit codes: 0 success, 1 verification failed, 64 usage, 65 input rejected (nothing appended), \
            66 ledger, input file, plan, event (SEQ), assignment or diary entry missing, 70 internal error, 73 refusing to overwrite, 75 ledger busy.
            """,
        subcommands: [
            Init.self, Append.self,
            Register.self, Revise.self, Repeal.self, Decide.self, Diarise.self, Archive.self, Assign.self, Report.self,
            FollowUp.self, ReportActivity.self, Correct.self, Retract.self,
            Plans.self, Show.self, Changes.self, Diary.self, Followups.self, Assignments.self, Activities.self, Chain.self, Policies.self,
            ProcessCommand.self, Processes.self, Reach.self, BudgetCommand.self, Search.self,
            AuditCommand.self, History.self, Replay.self, Export.self, Verify.self, Backup.self, Rebuild.self, Demo.self,
            Keygen.self, CheckpointCommand.self, Prove.self, VerifyProof.self, Serve.self, AccountsCommand.self,
        ]
    )

    /// Refuses a command line that is not UTF-8 before the argument parser decodes (and repairs) it.
    ///
    /// `planledger --version` is answered here, not by `CommandConfiguration.version`: that would make the parser
    /// take `--version` in every subcommand as the request for planledger's version, so that `revise … --version 1`
    /// printed it and appended nothing, and `show PLAN --version 3` never showed the plan.
    static func main() {
        CommandLineText.refuseUndecodableArguments()
        if CommandLine.arguments.dropFirst() == ["--version"] {
            print(PlanledgerVersion.current)
            return
        }
        main(nil)
    }
}
