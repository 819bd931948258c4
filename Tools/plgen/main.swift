// plgen: a seeded, deterministic workload generator for planledger.
//
//     plgen --events N [--seed S] [--out FILE]
//
// Writes N JSON Lines events that `planledger append` accepts in full when appended to an EMPTY ledger
// (corrections and retractions name their targets by seq = line number). Same seed and N, same bytes.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let usage = """
    usage: plgen --events N [--seed S] [--out FILE]

    Writes N planledger events as JSON Lines (to standard output, or FILE), valid when appended to an empty
    ledger: plans registered, revised, followed up and repealed, diary entries and their archiving,
    decisions, assignments and reports, and a few corrections and retractions. The same seed (default 1)
    and N always give the same bytes.
    """

/// Writes to standard error (unbuffered, and without touching the C global `stderr`).
func printError(_ message: String) {
    var text = message + "\n"
    text.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
}

func fail(_ message: String) -> Never {
    printError("plgen: \(message)\n\(usage)")
    exit(64)
}

var events: Int?
var seed: UInt64 = 1
var outPath: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    func value() -> String {
        guard let v = arguments.popFirst() else { fail("\(argument) needs a value") }
        return v
    }
    switch argument {
    case "--events", "-n":
        let v = value()
        guard let n = Int(v), n >= 0 else { fail("--events: expected a whole number, got \"\(v)\"") }
        events = n
    case "--seed", "-s":
        let v = value()
        guard let s = UInt64(v) else { fail("--seed: expected a whole number 0…\(UInt64.max), got \"\(v)\"") }
        seed = s
    case "--out", "-o":
        outPath = value()
    case "--help", "-h":
        print(usage)
        exit(0)
    default:
        fail("unknown argument \"\(argument)\"")
    }
}
guard let events else { fail("--events is required") }

var fd = STDOUT_FILENO
if let outPath, outPath != "-" {
    fd = open(outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if fd < 0 {
        printError("plgen: cannot write \(outPath): \(String(cString: strerror(errno)))")
        exit(73)
    }
}

var workload = Workload(seed: seed, total: events, fd: fd)
do {
    try workload.run()
} catch {
    printError("plgen: \(error)")
    exit(74)
}
if fd != STDOUT_FILENO, close(fd) != 0 {
    printError("plgen: cannot close \(outPath ?? ""): \(String(cString: strerror(errno)))")
    exit(74)
}
