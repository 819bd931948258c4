import Foundation
import LedgerCore
import LedgerStore
import Projections

/// Random histories for property tests: candidate events are drawn at random, some of them invalid, and
/// appended one by one; the ledger's own rules decide which stay. What remains is a valid history with
/// backdated registrations, out-of-order effective dates, corrections (of dates, approvers, titles,
/// secrecy) and retractions, and corrections of corrected events.
public enum RandomHistory {
    static let plans = ["p-alfa", "p-beta", "p-gamma", "p-delta", "p-åäö"]
    static let dnrs = (1...12).map { "RS/\($0)/2015" }
    static let approvers = [nil, "Regiondirektör", "Regionstyrelsen", "Tillförordnad landstingsdirektör"]

    static func date(_ rng: inout SeededRandom) -> String {
        let d = LedgerDate(year: 2010, month: 1, day: 1)!.adding(days: Int.random(in: 0..<(16 * 365), using: &rng))
        return d.description
    }

    static func quote(_ s: String?) -> String {
        s.map { CanonicalJSON.string(.string($0)) } ?? "null"
    }

    /// Appends about `steps` accepted events to `t`; returns how many were accepted.
    @discardableResult
    public static func build(seed: UInt64, steps: Int, into t: TemporaryLedger) throws -> Int {
        var rng = SeededRandom(seed: seed)
        var accepted = 0
        var attempts = 0
        while accepted < steps, attempts < steps * 20 {
            attempts += 1
            let head = try t.ledger.head().seq
            guard let line = try candidate(&rng, head: head, ledger: t.ledger) else { continue }
            t.setClock("2016-01-01T00:00:00Z")  // the clock advances one second per append from here
            if let _ = try? t.append(line) { accepted += 1 }
        }
        return accepted
    }

    static func candidate(_ rng: inout SeededRandom, head: Int, ledger: Ledger) throws -> String? {
        let plan = plans.randomElement(using: &rng)!
        let eff = date(&rng)
        switch Int.random(in: 0..<112, using: &rng) {
        case 0..<10:
            let period = Bool.random(using: &rng)
                ? #","period":{"from":\#(Int.random(in: 2010...2020, using: &rng)),"to":\#(Int.random(in: 2018...2027, using: &rng))}"# : ""
            // A parent in a third of registrations, so that budget frames meet their parents' (budget-exceeds-frame).
            let parent = Int.random(in: 0..<3, using: &rng) == 0 ? #","parent":"\#(plans.randomElement(using: &rng)!)""# : ""
            return #"{"type":"plan.registered","plan":"\#(plan)","effective":"\#(eff)","data":{"title":"Plan \#(plan) \#(Int.random(in: 0..<100, using: &rng))","kind":"rutin","owner":"RS"\#(period)\#(parent)}}"#
        case 10..<46:
            // Mostly the next version, a little after the latest: histories with real change lists.
            var version = Int.random(in: 1...6, using: &rng)
            var eff = eff
            if Int.random(in: 0..<10, using: &rng) < 8,
                let current = try LedgerQueries(ledger).plan(plan, asOf: LedgerDate(year: 9999, month: 12, day: 31)!, knownAt: .head)
            {
                version = current.version + 1
                let floor = current.effective ?? LedgerDate(year: 2010, month: 1, day: 1)!
                eff = floor.adding(days: Int.random(in: 0...500, using: &rng)).description
            }
            let approver = approvers.randomElement(using: &rng)!
            var content = ""
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: content = #","content":{"title":"Titel v\#(version)","text":"Text \#(Int.random(in: 0..<9, using: &rng))"}"#
            case 1, 3:
                // Goals with metrics whose ids persist across versions, periods varying.
                let periods = [#"["DÅ04","DÅ08","ÅR"]"#, #"["ÅR"]"#, #"["DÅ04","ÅR"]"#].randomElement(using: &rng)!
                let second = Bool.random(using: &rng) ? #",{"id":"m2","name":"Budgetavvikelse","target":0,"unit":"mnkr","periods":["ÅR"]}"# : ""
                // Activities come and go between versions (a1 in most, a2 in some), so that reports are judged
                // against the content in force and dropped activities stop being listed.
                var activities: [String] = []
                if Int.random(in: 0..<4, using: &rng) > 0 {
                    activities.append(#"{"id":"a1","text":"Utbilda chefer v\#(version)","targetGroup":"Chefer","due":"\#(date(&rng))","metrics":["m1"],"responsible":"HR-direktör","contact":"HR-strateg"}"#)
                }
                if Bool.random(using: &rng) {
                    let due = date(&rng)
                    activities.append(#"{"id":"a2","text":"Ta fram rutin","targetGroup":"Medarbetare","from":"\#(min(due, date(&rng)))","due":"\#(due)","responsible":"Regiondirektör","contact":"Kansliet"}"#)
                }
                let activityField = activities.isEmpty ? "" : #","activities":[\#(activities.joined(separator: ","))]"#
                content = #","content":{"goals":[{"id":"g1","perspective":"Medarbetare","text":"Hållbart arbetsliv","metrics":[{"id":"m1","name":"Sjukfrånvaro v\#(version)","target":"Minska","baseline":5.1,"unit":"%","periods":\#(periods)}\#(second)]\#(activityField)}]}"#
            case 2: content = #","content":{"period":{"from":\#(Int.random(in: 2010...2016, using: &rng)),"to":\#(Int.random(in: 2017...2027, using: &rng))}}"#
            case 5, 6:
                // A budget: frames for two units whose amounts (tkr or mnkr) straddle one another's, so that a child
                // sometimes stays within its parent's frame, sometimes meets it exactly and sometimes exceeds it.
                let mnkr = Bool.random(using: &rng)
                let amount = { (n: Int) in mnkr ? "\(n / 1000).\(String(format: "%03d", n % 1000))" : "\(n)" }
                let a = amount(Int.random(in: 4...6, using: &rng) * 500), b = amount(Int.random(in: 1...3, using: &rng) * 1000)
                let measures = Bool.random(using: &rng)
                    ? #","measures":[{"id":"a1","unit":"Enhet A","text":"Åtgärd v\#(version)","effects":[{"year":2020,"amount":-\#(Int.random(in: 1...9, using: &rng))},{"year":2021,"amount":\#(Int.random(in: 1...9, using: &rng))}]}]"# : ""
                content = #","content":{"budget":{"currency":"\#(mnkr ? "mnkr" : "tkr")","frames":[{"unit":"Enhet A","year":2020,"amount":\#(a),"kind":"operating"},{"unit":"Enhet B","year":2020,"amount":\#(b),"kind":"\#(Bool.random(using: &rng) ? "operating" : "investment")"}]\#(measures)}}"#
            case 4: content = #","content":{"analyses":\#(analyses(&rng))}"#
            default: break
            }
            return #"{"type":"plan.revised","plan":"\#(plan)","effective":"\#(eff)","data":{"version":\#(version),"change":"Ändring \#(version)","approvedBy":\#(quote(approver))\#(content)}}"#
        case 46..<47:
            return #"{"type":"plan.repealed","plan":"\#(plan)","effective":"\#(eff)","data":{"reason":"Upphävd","approvedBy":"RS"}}"#
        case 55..<60:
            // Policies: two keys, so that a second adoption of one is a new version of it (its own history).
            let kinds = Bool.random(using: &rng) ? #"["rutin"]"# : #"["rutin","handlingsplan"]"#
            let perspectives = Perspective.allCases.filter { _ in Bool.random(using: &rng) }.map { #""\#($0.rawValue)""# }
            let list = perspectives.isEmpty ? #"["economy"]"# : "[" + perspectives.joined(separator: ",") + "]"
            return #"{"type":"policy.adopted","plan":"\#(plan)","effective":"\#(eff)","data":{"policy":"pol-\#(Int.random(in: 0..<2, using: &rng))","requires":"perspective-analyses","kinds":\#(kinds),"perspectives":\#(list),"approvedBy":"RS"}}"#
        case 47..<55:
            let dnr = dnrs.randomElement(using: &rng)!
            let secrecy = Int.random(in: 0..<4, using: &rng) == 0 ? #","secrecy":{"ground":"OSL 31:16"}"# : ""
            let planField = Bool.random(using: &rng) ? #","plan":"\#(plan)""# : ""
            return #"{"type":"diary.registered"\#(planField),"effective":"\#(eff)","data":{"dnr":"\#(dnr)","title":"Handling \#(dnr)","direction":"in","counterpart":"Kommun \#(Int.random(in: 0..<5, using: &rng))"\#(secrecy)}}"#
        case 60..<66:
            let dnr = dnrs.randomElement(using: &rng)!
            return Bool.random(using: &rng)
                ? #"{"type":"diary.archived","effective":"\#(eff)","data":{"dnr":"\#(dnr)","retention":"keep"}}"#
                : #"{"type":"diary.archived","effective":"\#(eff)","data":{"dnr":"\#(dnr)","retention":"cull","cullAfter":"2030-01-01"}}"#
        case 78..<88:
            // Follow-ups: most are refused (no such metric then, wrong period): the rules keep what is valid.
            var metric = Bool.random(using: &rng) ? "m1" : "m2"
            var year = Int.random(in: 2011...2026, using: &rng), code = PeriodCode.allCases.randomElement(using: &rng)!
            // Mostly a period the plan declares (it ended and has no outcome yet), or a second report of one.
            let declared = try LedgerQueries(ledger).followups(plan: plan, asOf: LedgerDate(year: 2027, month: 1, day: 1)!, knownAt: .head)
            if Int.random(in: 0..<10, using: &rng) < 8, let row = declared.randomElement(using: &rng) {
                metric = row.metric
                year = row.period.year
                code = row.period.code
            }
            let period = "\(year)-\(code.rawValue)"
            let eff = code.end(in: year).adding(days: Int.random(in: -20...120, using: &rng)).description
            let outcome = Bool.random(using: &rng) ? "6.3" : #""Ej tillgängligt""#
            return #"{"type":"followup.recorded","plan":"\#(plan)","effective":"\#(eff)","data":{"metric":"\#(metric)","period":"\#(period)","outcome":\#(outcome),"fulfilment":"\#(["met", "partly", "not-met", "not-available"].randomElement(using: &rng)!)"}}"#
        case 90..<94:
            // Activity reports: mostly of an activity in force on the date, some of none (refused by the rules).
            var activity = ["a1", "a2", "a9"].randomElement(using: &rng)!
            var eff = eff
            if Int.random(in: 0..<10, using: &rng) < 8,
                let latest = try LedgerQueries(ledger).plan(plan, asOf: LedgerDate(year: 9999, month: 12, day: 31)!, knownAt: .head)?.effective
            {
                // A little after the latest version (or, now and then, before it: judged by an earlier content).
                let day = latest.adding(days: Int.random(in: -100...400, using: &rng))
                eff = day.description
                if let inForce = try LedgerQueries(ledger).activities(plan: plan, overdue: false, asOf: day, knownAt: .head).randomElement(using: &rng) {
                    activity = inForce.activity
                }
            }
            let status = ["started", "done", "cancelled"].randomElement(using: &rng)!
            return #"{"type":"activity.reported","plan":"\#(plan)","effective":"\#(eff)","data":{"activity":"\#(activity)","status":"\#(status)","note":"Rapport \#(Int.random(in: 0..<9, using: &rng))"}}"#
        case 88..<90:
            let key = "u\(Int.random(in: 0..<6, using: &rng))"
            if Bool.random(using: &rng) {
                let planField = Bool.random(using: &rng) ? #""plan":"\#(plan)","# : ""
                return #"{"type":"assignment.issued",\#(planField)"effective":"\#(eff)","data":{"assignment":"\#(key)","title":"Utred \#(key)","assignee":"Regiondirektören","deadline":"\#(date(&rng))","issuedBy":"Regionstyrelsen"}}"#
            }
            return #"{"type":"assignment.reported","effective":"\#(eff)","data":{"assignment":"\#(key)","status":"\#(Bool.random(using: &rng) ? "partial" : "done")","note":"Delrapport"}}"#
        case 100..<112:
            return try processCandidate(&rng, ledger: ledger)
        case 66..<78:
            guard head > 0, let target = try ledger.event(seq: Int.random(in: 1...head, using: &rng)) else { return nil }
            var data = target.data
            switch target.type {
            case .planRevised:
                data["approvedBy"] = approvers.randomElement(using: &rng)!.map(JSONValue.string) ?? .null
                data["change"] = .string("Rättad ändring")
            case .planRegistered: data["title"] = .string("Rättad titel")
            case .diaryRegistered:
                data["title"] = .string("Rättad handling")
                data["secrecy"] = Bool.random(using: &rng) ? ["ground": "OSL 25:1"] : .null
            case .diaryArchived: data["retention"] = "keep"; data["cullAfter"] = .null
            case .followupRecorded: data["outcome"] = .number(Double(Int.random(in: 0..<100, using: &rng)) / 10); data["comment"] = "Rättat utfall"
            case .assignmentIssued: data["deadline"] = .string(date(&rng))
            case .assignmentReported: data["status"] = "done"
            case .processPlanned: data["title"] = .string("Rättad process")
            case .processRevised: data["change"] = .string("Rättad ändring av tidplanen")
            case .milestoneReached: data["note"] = .string("Rättad anteckning")
            case .activityReported: data["status"] = "cancelled"; data["note"] = "Rättad rapport"
            case .policyAdopted: data["perspectives"] = ["gender-equality", "child-rights"]
            default: data["reason"] = .string("Rättad")
            }
            let moved = Bool.random(using: &rng) ? #""effective":"\#(eff)","# : ""
            return #"{"type":"event.corrected","effective":"\#(eff)","data":{"target":\#(target.seq),"reason":"Fel i registreringen","replacement":{\#(moved)"data":\#(CanonicalJSON.string(.object(data)))}}}"#
        default:
            guard head > 0 else { return nil }
            return #"{"type":"event.retracted","effective":"\#(eff)","data":{"target":\#(Int.random(in: 1...head, using: &rng)),"reason":"Registrerad av misstag"}}"#
        }
    }

    static let processes = ["pr-a", "pr-b", "pr-c"]

    /// Planning processes (SPEC "The planning year"): plannings, revisions that move or add milestones, and reached
    /// milestones, dated in and around the process's window so that the rules accept some and refuse others.
    static func processCandidate(_ rng: inout SeededRandom, ledger: Ledger) throws -> String? {
        let key = processes.randomElement(using: &rng)!
        let existing = try LedgerQueries(ledger).process(key, asOf: LedgerDate(year: 9999, month: 12, day: 31)!, knownAt: .head)
        func near(_ year: Int) -> String {
            LedgerDate(year: year - 2, month: 9, day: 1)!.adding(days: Int.random(in: 0..<(2 * 365), using: &rng)).description
        }
        switch (existing, Int.random(in: 0..<10, using: &rng)) {
        case (nil, _), (_, 0):
            let year = existing?.year ?? Int.random(in: 2012...2026, using: &rng)
            // Now and then a milestone outside the window or a phase ending before it starts: refused.
            let late = Int.random(in: 0..<8, using: &rng) == 0 ? 400 : 0
            let m2 = LedgerDate(year: year - 1, month: 2, day: 10)!.adding(days: Int.random(in: -20...20, using: &rng) + late)
            return #"{"type":"process.planned","effective":"\#(near(year))","data":{"process":"\#(key)","title":"Process \#(key)","year":\#(year),"owner":"RS","phases":[{"id":"f1","name":"Förberedelser","from":"\#(year - 2)-10-01","to":"\#(year - 1)-01-31"},{"id":"f2","name":"PF","from":"\#(year - 1)-01-01","to":"\#(year - 1)-02-28"}],"milestones":[{"id":"m1","name":"Kickoff","date":"\#(year - 2)-11-15","phase":"f1"},{"id":"m2","name":"PF i RS","date":"\#(m2)","phase":"f2"}]}}"#
        case (let view?, 1..<4):
            let id = ["m2", "m3"].randomElement(using: &rng)!
            let date = LedgerDate(year: view.year - 1, month: 3, day: 1)!.adding(days: Int.random(in: -60...200, using: &rng))
            return #"{"type":"process.revised","effective":"\#(near(view.year))","data":{"process":"\#(key)","change":"Flyttad \#(id)","milestones":[{"id":"\#(id)","name":"Nämnd","date":"\#(date)","phase":"f2"}]}}"#
        case (let view?, _):
            let id = ["m1", "m2", "m3"].randomElement(using: &rng)!
            let note = Bool.random(using: &rng) ? #","note":"Klart""# : ""
            return #"{"type":"milestone.reached","effective":"\#(near(view.year))","data":{"process":"\#(key)","milestone":"\#(id)"\#(note)}}"#
        }
    }

    /// A `content.analyses` array: a random subset of the perspectives in a random order, some not concerned.
    static func analyses(_ rng: inout SeededRandom) -> String {
        let items = Perspective.allCases.shuffled(using: &rng).filter { _ in Int.random(in: 0..<3, using: &rng) > 0 }.map { p in
            #"{"perspective":"\#(p.rawValue)","concerned":\#(Bool.random(using: &rng)),"text":"Analys \#(p.rawValue)"}"#
        }
        return "[" + items.joined(separator: ",") + "]"
    }
}
