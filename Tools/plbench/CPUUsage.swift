import Foundation

/// CPU time spent by this process's threads, grouped by what they run, and the machine's busy and idle time, read
/// from /proc at one moment (Linux; empty elsewhere). Two snapshots bracket a measuring window.
struct CPUSnapshot: Sendable {
    /// Seconds of user + system time per thread group: `client` (plbench's load generator, SwiftNIO threads named
    /// NIO-ELT-…), `server` (the service's event loops, NIO's singleton group, NIO-SGLTN-…), `other` (Swift
    /// concurrency's pool, Dispatch queues: the route handlers' async work, GRDB's queue, the writer).
    var seconds: [String: Double] = [:]
    /// Jiffies of the whole machine from /proc/stat's first line: all, and idle + iowait.
    var machineTotal: Double = 0
    var machineIdle: Double = 0

    static func now() -> CPUSnapshot {
        var snapshot = CPUSnapshot()
        #if os(Linux)
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        for task in tasks {
            guard let stat = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8),
                let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
            else { continue }
            let name = String(stat[stat.index(after: open)..<close])
            // After the name: state is field 3; utime and stime are fields 14 and 15.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { continue }
            let group = name.hasPrefix("NIO-ELT") ? "client" : name.hasPrefix("NIO-SGLTN") ? "server" : "other"
            snapshot.seconds[group, default: 0] += (user + system) / ticks
        }
        if let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8), let line = text.split(separator: "\n").first {
            let values = line.split(separator: " ").dropFirst().compactMap { Double($0) }
            if values.count >= 5 {
                snapshot.machineTotal = values.prefix(8).reduce(0, +)
                snapshot.machineIdle = values[3] + values[4]
            }
        }
        #endif
        return snapshot
    }

    /// What happened between `earlier` and this snapshot.
    func since(_ earlier: CPUSnapshot) -> CPUUse {
        var use = CPUUse()
        for (group, seconds) in seconds { use.seconds[group] = seconds - (earlier.seconds[group] ?? 0) }
        let total = machineTotal - earlier.machineTotal
        use.machineBusy = total > 0 ? 1 - (machineIdle - earlier.machineIdle) / total : .nan
        return use
    }
}

/// CPU used over a window: seconds per thread group of this process, and the share of the machine's time busy
/// (all processes, all cores).
struct CPUUse: Sendable {
    var seconds: [String: Double] = [:]
    var machineBusy: Double = .nan

    var total: Double { seconds.values.reduce(0, +) }

    /// "client 1.20 s, server 3.10 s, other 4.00 s; the machine 97 % busy".
    var summary: String {
        let groups = ["client", "server", "other"].map { "\($0) \(String(format: "%.2f", seconds[$0] ?? 0)) s" }.joined(separator: ", ")
        return "\(groups); the machine \(machineBusy.isFinite ? String(format: "%.0f", machineBusy * 100) : "?") % busy (all its processes)"
    }
}
