/// Planning processes (SPEC "The planning year"): for each organisation and plan year one process with seed 002's
/// phases and milestones (`process.planned` in October two years before the plan year), now and then a revision
/// that moves the nämnd milestone from 18 March to 16 April, and its milestones reached one by one, on time or up to
/// three weeks late. About eight events per process: a small share of a register's traffic, as in a region.
struct ProcessRun {
    var key: String
    var year: Int
    var planned: Day
    /// (id, date) of each milestone, in order; the next to reach is `milestones[reached]`.
    var milestones: [(id: StaticString, date: Day)]
    var reached = 0
    var revised = false
}

extension Workload {
    /// Seed 002's phases (id, name, months from and to, relative to the year before the plan year: −3 is October
    /// two years before).
    static let processPhases: [(id: StaticString, name: StaticString, from: (Int, Int), to: (Int, Int, Int))] = [
        ("forberedelser", "Förberedelser", (-1, 10), (0, 1, 31)),
        ("pf", "Planeringsförutsättningar (PF)", (0, 1), (0, 2, 28)),
        ("namnderna", "Nämnderna behandlar PF och återkopplar", (0, 3), (0, 4, 30)),
        ("beredning", "Beredning av regionplan och budget", (0, 4), (0, 5, 31)),
        ("beslut", "Beslut om regionplan", (0, 5), (0, 6, 30)),
        ("vp", "Verksamhetsplaner", (0, 9), (0, 9, 30)),
        ("aktivitetsplaner", "Aktivitetsplaner och internbudget", (0, 12), (0, 12, 31)),
    ]

    /// Starts a process (at most a few run at once), revises one, or reaches the next milestone of one.
    mutating func emitProcessStep() {
        if processRuns.count < 3 || rng.chance(0.05) {
            startProcess()
            return
        }
        let i = rng.below(processRuns.count)
        var run = processRuns[i]
        if !run.revised, run.reached <= 2, rng.chance(0.3) {
            run.revised = true
            let moved = Day(year: run.year - 1, month: 4, day: 16)
            run.milestones[2].date = moved
            beginEvent("process.revised", plan: nil, effective: Day(year: run.year - 1, month: 3, day: 1))
            out.beginObject()
            out.field("process", run.key)
            out.field("change", "Nämndernas återkoppling flyttad från 18 mars till 16 april")
            out.key("milestones")
            out.beginArray()
            writeMilestone(id: "namnd", name: "Nämndernas återkoppling på PF", date: moved, phase: "namnderna")
            out.endArray()
            out.endObject()
            endEvent()
            processRuns[i] = run
            return
        }
        let milestone = run.milestones[run.reached]
        let effective = max(run.planned, milestone.date + rng.int(-5...(rng.chance(0.7) ? 0 : 21)))
        beginEvent("milestone.reached", plan: nil, effective: effective)
        out.beginObject()
        out.field("process", run.key)
        out.field("milestone", milestone.id)
        if rng.chance(0.5) { out.field("note", rng.pick(["Genomfört enligt plan", "Beslutat", "Försenat av remissrundan", "Klart"])) }
        out.endObject()
        endEvent()
        run.reached += 1
        if run.reached == run.milestones.count { processRuns.remove(at: i) } else { processRuns[i] = run }
    }

    private mutating func startProcess() {
        processesPlanned += 1
        let organisation = processesPlanned % Vocabulary.bodies.count
        let year = 2012 + (processesPlanned / Vocabulary.bodies.count) % 16
        let key = "planeringsprocess-\(organisation)-\(year)-\(processesPlanned)"
        let planned = Day(year: year - 2, month: 10, day: 1)
        func at(_ offset: Int, _ month: Int, _ day: Int) -> Day { Day(year: year - 1 + offset, month: month, day: day) }
        let run = ProcessRun(key: key, year: year, planned: planned, milestones: [
            ("kickoff", at(0, 2, 10)), ("pf-rs", at(0, 3, 9)), ("namnd", at(0, 3, 18)), ("vp-klar", at(0, 9, 30)),
        ])
        beginEvent("process.planned", plan: nil, effective: planned)
        out.beginObject()
        out.field("process", key)
        out.field("title", "Planerings- och budgetprocess \(year)")
        out.field("year", int: year)
        out.field("owner", Vocabulary.bodies[organisation])
        out.key("phases")
        out.beginArray()
        for phase in Self.processPhases {
            out.beginObject()
            out.field("id", phase.id)
            out.field("name", phase.name)
            out.field("from", date: at(phase.from.0, phase.from.1, 1))
            out.field("to", date: at(phase.to.0, phase.to.1, phase.to.2))
            out.endObject()
        }
        out.endArray()
        out.key("milestones")
        out.beginArray()
        writeMilestone(id: "kickoff", name: "Kickoff", date: run.milestones[0].date, phase: "pf")
        writeMilestone(id: "pf-rs", name: "PF i regionstyrelsen", date: run.milestones[1].date, phase: "pf")
        writeMilestone(id: "namnd", name: "Nämndernas återkoppling på PF", date: run.milestones[2].date, phase: "namnderna")
        writeMilestone(id: "vp-klar", name: "VP klar", date: run.milestones[3].date, phase: "vp")
        out.endArray()
        out.endObject()
        endEvent()
        processRuns.append(run)
        if processRuns.count > 6 { processRuns.removeFirst() }
    }

    private mutating func writeMilestone(id: StaticString, name: StaticString, date: Day, phase: StaticString) {
        out.beginObject()
        out.field("id", id)
        out.field("name", name)
        out.field("date", date: date)
        out.field("phase", phase)
        out.endObject()
    }
}
