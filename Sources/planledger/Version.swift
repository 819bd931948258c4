/// The one place planledger's version is written: `planledger --version` prints it, and the shipped man page
/// (Tools/man/planledger.1) is generated from the help that carries it.
///
/// Semantic versioning (https://semver.org); the minor number follows the issue whose work it ships.
enum PlanledgerVersion {
    static let current = "0.13.0"
}
