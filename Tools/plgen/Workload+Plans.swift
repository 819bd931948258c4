/// `plan.registered`, `plan.revised`, `followup.recorded` and `plan.repealed`: the lives of the plans.
extension Workload {
    /// Advances one live plan (or registers a new one): the plan's next event in its own date order.
    /// Plans are picked at random, so their lives interleave in the file.
    mutating func planStep() {
        if plans.count < maxActivePlans, plans.isEmpty || rng.chance(0.25) {
            registerPlan()
            return
        }
        let i = rng.below(plans.count)
        if !advance(plans[i]) {
            plans.swapAt(i, plans.count - 1)
            plans.removeLast()
            registerPlan()
        }
    }

    // MARK: Registration

    mutating func registerPlan() {
        let kind = rng.weighted(Vocabulary.kindWeights)
        let info = Vocabulary.kinds[kind]
        let registered = day(in: Self.earliest...Self.latestRegistration)
        let topic = rng.below(Vocabulary.topics.count)
        let unit = rng.pick(Vocabulary.divisions)
        plansRegistered += 1

        // The goal chain: a parent one or two levels up, registered earlier in the file and not later in time.
        var parent: String?
        if info.level > 0, rng.chance(0.75) {
            for _ in 0..<4 {
                let level = info.level - (info.level >= 2 && rng.chance(0.3) ? 2 : 1)
                guard !parents[level].isEmpty else { continue }
                let candidate = parents[level][rng.below(parents[level].count)]
                if candidate.day <= registered {
                    parent = candidate.key
                    break
                }
            }
        }

        var period: (from: Int, to: Int)?
        var periodLength = 0
        var periodAsDates = false
        if let years = info.periodYears, rng.chance(0.92) {
            periodLength = rng.int(years)
            let from = registered.month >= 9 ? registered.year + 1 : registered.year
            period = (from, from + periodLength - 1)
            // Some plans run 1 July to 30 June, given as dates; such a period touches one calendar year more.
            periodAsDates = periodLength > 1 && rng.chance(0.12)
            if periodAsDates { period = (from, from + periodLength) }
        }

        let slug = Vocabulary.topics[topic].slug
        let key = info.level == 0 ? "\(info.slug)-\(plansRegistered)" : "\(info.slug)-\(slug)-\(plansRegistered)"
        let title = PlanLife.title(kind: kind, topic: topic, unit: unit, period: period, year: registered.year)
        let owner = Vocabulary.eraName(
            info.slug == "verksamhetsplan" || info.slug == "divisionsplan"
                ? (rng.chance(0.6) ? unit : rng.pick(info.owners)) : rng.pick(info.owners),
            year: registered.year)

        // The life ahead: 5–10 versions over 5–15 years, perhaps a repeal at the end.
        let lifeEnd = min(Self.horizon, registered + rng.int(5 * 365...15 * 365))
        let versionCount = rng.int(5...10)
        var dates = [min(lifeEnd, registered + rng.int(0...200))]
        for _ in 1..<versionCount {
            dates.append(day(in: dates[0]...lifeEnd))
        }
        dates.sort()
        // Now and then a second version the same day (an addition to the revision just made).
        for i in 1..<dates.count where rng.chance(0.06) { dates[i] = dates[i - 1] }
        var repealDate: Day?
        if lifeEnd + 60 < Self.horizon, rng.chance(0.7) {
            repealDate = min(Self.horizon, lifeEnd + rng.int(0...45))
        }

        let plan = PlanLife(
            key: key, kind: kind, topic: topic, unit: unit, registered: registered, parent: parent, title: title, owner: owner,
            period: period, periodLength: max(1, periodLength), versionDates: dates, repealDate: repealDate,
            goalText: (0..<5).map { _ in rng.below(3) },
            successFactor: (0..<5).map { _ in rng.chance(0.7) ? rng.below(2) : nil })
        plans.append(plan)
        parents[info.level].add((key, registered))

        var periodJSON: [UInt8]?
        if let period {
            var w = JSONWriter()
            w.beginObject()
            if periodAsDates {
                w.key("from"); w.string("\(period.from)-07-01")
                w.key("to"); w.string("\(period.to)-06-30")
            } else {
                w.field("from", int: period.from)
                w.field("to", int: period.to)
            }
            w.endObject()
            periodJSON = w.bytes
        }
        let record = RegistrationRecord(seq: seq + 1, plan: key, effective: registered, title: title, kind: info.name,
                                        owner: owner, period: periodJSON, parent: parent)
        beginEvent("plan.registered", plan: key, effective: registered)
        writeData(record)
        endEvent()
        registrations.add(record)
    }

    static func writeData(_ r: RegistrationRecord, into out: inout JSONWriter) {
        out.beginObject()
        out.field("title", r.title)
        out.field("kind", r.kind)
        out.field("owner", r.owner)
        if let period = r.period {
            out.key("period")
            out.raw(period)
        }
        out.field("parent", r.parent)
        out.endObject()
    }

    mutating func writeData(_ r: RegistrationRecord) { Self.writeData(r, into: &out) }

    // MARK: The next event of a plan

    /// Writes `plan`'s next event; false when its life is over (nothing written).
    mutating func advance(_ plan: PlanLife) -> Bool {
        if plan.versionsEmitted == 0 {
            emitRevision(plan)
            return true
        }
        let start = plan.windowStart, end = plan.windowEnd
        if !plan.activities.isEmpty, rng.chance(0.12), emitActivityReport(plan) { return true }
        while true {
            let index = plan.followupPeriod
            let date: Day
            if let d = plan.followupDate {
                date = d
            } else {
                // Delårsrapporter come a few weeks after 30 April and 31 August, the year's report in spring.
                let delay = index % 3 == 2 ? rng.int(30...100) : rng.int(10...50)
                date = Day.periodEnd(index) + delay
                plan.followupDate = date
                plan.followupMetric = 0
            }
            if date >= end { break }
            // The report is judged by the content in force on its period's last day (before its own date), so
            // that day too must lie in this version's window.
            if date >= start, Day.periodEnd(index) >= start {
                while plan.followupMetric < plan.metrics.count {
                    let metric = plan.metrics[plan.followupMetric]
                    plan.followupMetric += 1
                    if plan.isDue(metric, year: index / 3, code: index % 3), rng.chance(0.93) {
                        emitFollowup(plan, metric: metric, period: index, on: date)
                        return true
                    }
                }
            }
            plan.followupPeriod += 1
            plan.followupDate = nil
        }
        if plan.versionsEmitted < plan.versionDates.count {
            emitRevision(plan)
            return true
        }
        if let repealDate = plan.repealDate, !plan.repealed {
            emitRepeal(plan, on: repealDate)
            return true
        }
        return false
    }

    // MARK: Revisions

    mutating func emitRevision(_ plan: PlanLife) {
        let version = plan.versionsEmitted + 1
        let date = plan.versionDates[plan.versionsEmitted]
        let year = date.year
        let info = plan.kindInfo
        var change: String
        var newTitle: String?
        var newPeriod: (from: Int, to: Int)?
        var goalsChanged = false
        var text: String?

        if version == 1 {
            let count = rng.int(info.metrics)
            for _ in 0..<count { addMetric(to: plan, year: year) }
            goalsChanged = !plan.metrics.isEmpty
            if rng.chance(0.8) { text = planText(plan, year: year) }
            change = rng.pick(["Nyutgåva", "Ny plan", "Fastställd", "Nytt dokument"])
        } else {
            change = rng.pick(Vocabulary.changeTexts)
            if let p = plan.period, year > p.to || (year == p.to && date.month >= 6) {
                let from = year == p.to || date.month >= 9 ? year + 1 : year
                newPeriod = (from, from + plan.periodLength - 1)
                plan.period = newPeriod
                let title = PlanLife.title(kind: plan.kind, topic: plan.topic, unit: plan.unit, period: newPeriod, year: year)
                if title != plan.title {
                    newTitle = title
                    plan.title = title
                }
                change = "Ny planperiod \(newPeriod!.from)–\(newPeriod!.to)"
            }
            if info.metrics.upperBound > 0, rng.chance(0.55) {
                goalsChanged = true
                change = reviseMetrics(plan, year: year) ?? (newPeriod == nil ? "Revidering av mål och styrmått" : change)
            }
            if rng.chance(0.2) { text = planText(plan, year: year) }
        }

        let budget = budgetContent(plan, version: version, year: year)
        // Perspective analyses (seed 001 §3.4): most action plans state them when adopted (some lacking one perspective,
        // which the audit finds), and a few revisions restate them.
        let isActionPlan = ["overgripande-handlingsplan", "handlingsplan", "aktivitetsplan"].contains(info.slug)
        let analyses = isActionPlan && rng.chance(version == 1 ? 0.8 : 0.1)
        var content: [UInt8]?
        if goalsChanged || newPeriod != nil || newTitle != nil || text != nil || budget != nil || analyses {
            var w = JSONWriter()
            w.beginObject()
            w.field("title", newTitle)
            if let newPeriod {
                w.key("period")
                w.beginObject()
                w.field("from", int: newPeriod.from)
                w.field("to", int: newPeriod.to)
                w.endObject()
            }
            w.field("text", text)
            if goalsChanged {
                reviseActivities(plan, on: date, first: version == 1)
                writeGoals(plan, into: &w)
            }
            if let budget {
                w.key("budget")
                w.raw(budget)
            }
            if analyses { writeAnalyses(into: &w) }
            w.endObject()
            content = w.bytes
        }

        let approverIndex = rng.pick(Self.approvers[info.level])
        let approvedBy = rng.chance(0.88) ? Vocabulary.body(approverIndex, year: year) : nil
        let dnr = rng.chance(0.85) ? newDnr(body: approverIndex, year: year) : nil
        let decision = rng.chance(0.5) ? (body: approvedBy ?? Vocabulary.body(approverIndex, year: year), paragraph: paragraph()) : nil
        let record = RevisionRecord(
            seq: seq + 1, plan: plan.key, effective: date, version: version, change: change, approvedBy: approvedBy, dnr: dnr,
            decisionBody: decision?.body, decisionParagraph: decision?.paragraph, content: content)
        beginEvent("plan.revised", plan: plan.key, effective: date)
        writeData(record)
        endEvent()
        revisions.add(record)
        plan.versionsEmitted = version
        plan.lastDay = date
        // Rarely, a rutin's first version states the requirement of perspective analyses (seed 001 §3.4): policy.adopted.
        if info.slug == "rutin", version == 1, rng.chance(0.3) { emitPolicy(plan, on: date) }

        // The registrar diarises the decision and the minutes record it, a few days later.
        if let dnr, followers.count < 32 {
            let body = decision?.body ?? Vocabulary.body(approverIndex, year: year)
            if rng.chance(0.5) {
                followers.append(.diary(dnr: dnr, day: min(Self.horizon, date + rng.int(0...7)), plan: plan.key,
                                        title: "Protokollsutdrag: \(plan.title), version \(version)"))
            }
            if rng.chance(0.3) {
                followers.append(.decision(DecisionRecord(
                    seq: 0, effective: date, plan: plan.key, dnr: dnr, body: body, subject: "Revidering av \(plan.title)",
                    text: "\(body) beslutar att fastställa version \(version) av \(plan.title).",
                    paragraph: decision?.paragraph ?? paragraph())))
            }
        }
    }

    /// Goal-chain level → indexes into `Vocabulary.bodies` that approve plans of that level.
    static let approvers: [[Int]] = [[0], [1, 1, 0], [3, 4, 1, 5], [3, 5, 2], [3, 5]]

    static func writeData(_ r: RevisionRecord, into out: inout JSONWriter) {
        out.beginObject()
        out.field("version", int: r.version)
        out.field("change", r.change)
        out.field("approvedBy", r.approvedBy)
        out.field("dnr", r.dnr)
        if let body = r.decisionBody {
            out.key("decision")
            out.beginObject()
            out.field("body", body)
            out.field("paragraph", r.decisionParagraph)
            out.endObject()
        }
        if let content = r.content {
            out.key("content")
            out.raw(content)
        }
        out.endObject()
    }

    mutating func writeData(_ r: RevisionRecord) { Self.writeData(r, into: &out) }

    mutating func planText(_ plan: PlanLife, year: Int) -> String {
        let topic = Vocabulary.topics[plan.topic].name
        switch rng.below(4) {
        case 0: return "Planen anger inriktning, mål och styrmått för \(topic) från \(year)."
        case 1: return "Dokumentet beskriver ansvarsfördelning och arbetssätt för \(topic) inom \(plan.unit)."
        case 2: return "Målen följs upp i delårsrapporterna per april och augusti samt i årsredovisningen."
        default: return "Planen utgår från regionplanen och ska bidra till visionen – bästa livet, bästa hälsan."
        }
    }

    /// Adds a metric the plan does not carry yet, trying a few templates at random; nil when all it tried are taken.
    @discardableResult
    mutating func addMetric(to plan: PlanLife, year: Int) -> MetricInstance? {
        for _ in 0..<8 {
            let t = rng.below(Vocabulary.metrics.count)
            if plan.metrics.contains(where: { $0.template == t }) { continue }
            let template = Vocabulary.metrics[t]
            let metric = MetricInstance(
                template: t, periods: rng.pick(Vocabulary.periodMasks), target: rng.pick(template.targets),
                baseline: rng.chance(0.4) ? outcome(template) : nil, showsUnit: template.unit != nil && rng.chance(0.85),
                introducedYear: year)
            plan.metrics.append(metric)
            return metric
        }
        return nil
    }

    /// Changes the plan's metrics as a revision does; the change text when one change stands out.
    mutating func reviseMetrics(_ plan: PlanLife, year: Int) -> String? {
        var change: String?
        if plan.metrics.count > 1, rng.chance(0.2) {
            let gone = plan.metrics.remove(at: rng.below(plan.metrics.count))
            change = "Styrmåttet \(Vocabulary.metrics[gone.template].name.lowercased()) utgår"
        }
        if plan.metrics.count < plan.kindInfo.metrics.upperBound + 1, rng.chance(0.35),
            let added = addMetric(to: plan, year: year)
        {
            change = "Nytt styrmått: \(Vocabulary.metrics[added.template].name.lowercased())"
        }
        if !plan.metrics.isEmpty, rng.chance(0.5) {
            let i = rng.below(plan.metrics.count)
            plan.metrics[i].target = rng.pick(Vocabulary.metrics[plan.metrics[i].template].targets)
            change = change ?? "Uppdaterade målvärden inför \(year + 1)"
        }
        if !plan.metrics.isEmpty, rng.chance(0.1) {
            let i = rng.below(plan.metrics.count)
            plan.metrics[i].periods = rng.pick(Vocabulary.periodMasks)
            change = change ?? "Ändrade uppföljningsperioder"
        }
        return change
    }

    mutating func outcome(_ template: Vocabulary.MetricTemplate) -> Vocabulary.Value {
        .tenths(rng.int(template.outcomes))
    }

    /// `goals`: one goal per perspective that has metrics (every perspective for the top of the chain).
    func writeGoals(_ plan: PlanLife, into w: inout JSONWriter) {
        w.key("goals")
        w.beginArray()
        for p in 0..<5 {
            let hasMetrics = plan.metrics.contains { Vocabulary.metrics[$0.template].perspective == p }
            guard hasMetrics || plan.kindInfo.level <= 1 else { continue }
            w.beginObject()
            w.field("id", "mål-\(Vocabulary.perspectiveSlugs[p])")
            w.field("perspective", Vocabulary.perspectives[p])
            w.field("text", Vocabulary.goalTexts[p][plan.goalText[p]])
            if let sf = plan.successFactor[p] { w.field("successFactor", Vocabulary.successFactors[p][sf]) }
            if hasMetrics {
                w.key("metrics")
                w.beginArray()
                for m in plan.metrics where Vocabulary.metrics[m.template].perspective == p {
                    let template = Vocabulary.metrics[m.template]
                    w.beginObject()
                    w.field("id", template.id)
                    w.field("name", template.name)
                    w.key("target")
                    w.value(m.target)
                    if let baseline = m.baseline {
                        w.key("baseline")
                        w.value(baseline)
                    }
                    if m.showsUnit { w.field("unit", template.unit) }
                    w.key("periods")
                    w.beginArray()
                    for code in 0..<3 where m.declares(code) { w.string(Vocabulary.periodCodes[code]) }
                    w.endArray()
                    w.endObject()
                }
                w.endArray()
            }
            Self.writeActivities(plan, perspective: p, into: &w)
            w.endObject()
        }
        w.endArray()
    }

    // MARK: Follow-ups and repeal

    mutating func emitFollowup(_ plan: PlanLife, metric: MetricInstance, period: Int, on date: Day) {
        let template = Vocabulary.metrics[metric.template]
        let fulfilmentIndex = rng.below(Self.fulfilments.count)
        let fulfilment = Self.fulfilments[fulfilmentIndex]
        let value: Vocabulary.Value
        if fulfilmentIndex == Self.fulfilments.count - 1 {
            value = rng.chance(0.7) ? .text(rng.pick(Vocabulary.textOutcomes)) : outcome(template)
        } else {
            value = rng.chance(0.06) ? .text(rng.pick(Vocabulary.textOutcomes)) : outcome(template)
        }
        let record = FollowupRecord(
            seq: seq + 1, plan: plan.key, effective: date, metric: template.id,
            period: "\(period / 3)-\(Vocabulary.periodCodes[period % 3])", outcome: value,
            unit: rng.chance(0.6) ? template.unit : nil, fulfilment: fulfilment,
            comment: rng.chance(0.2) ? rng.pick(Vocabulary.followupComments) : nil, template: metric.template)
        beginEvent("followup.recorded", plan: plan.key, effective: date)
        writeData(record)
        endEvent()
        followups.add(record)
        plan.lastDay = date
    }

    /// Weighted: met most often; "not-available" last.
    static let fulfilments: [StaticString] = ["met", "met", "met", "met", "partly", "partly", "partly", "not-met", "not-met", "not-available"]

    static func writeData(_ r: FollowupRecord, into out: inout JSONWriter) {
        out.beginObject()
        out.field("metric", r.metric)
        out.field("period", r.period)
        out.key("outcome")
        out.value(r.outcome)
        out.field("unit", r.unit)
        out.field("fulfilment", r.fulfilment)
        out.field("comment", r.comment)
        out.endObject()
    }

    mutating func writeData(_ r: FollowupRecord) { Self.writeData(r, into: &out) }

    mutating func emitRepeal(_ plan: PlanLife, on date: Day) {
        let approver = Vocabulary.body(rng.pick(Self.approvers[plan.kindInfo.level]), year: date.year)
        beginEvent("plan.repealed", plan: plan.key, effective: date)
        out.beginObject()
        out.field("reason", rng.pick(Vocabulary.repealReasons))
        out.field("approvedBy", approver)
        out.endObject()
        endEvent()
        plan.repealed = true
        plan.lastDay = date
    }
}

extension JSONWriter {
    mutating func value(_ v: Vocabulary.Value) {
        switch v {
        case .tenths(let t): tenths(t)
        case .text(let s): string(s)
        }
    }
}

extension Workload {
    /// The perspectives in the order seed 001 §3.4 lists them, each with a sentence an analysis might hold.
    static let perspectiveAnalyses: [(perspective: StaticString, text: String)] = [
        ("gender-equality", "Jämställdhets- och jämlikhetsperspektivet finns med i uppsatta mål och aktiviteter."),
        ("child-rights", "Barnchecklistan har använts; målen och aktiviteterna sätter barns och ungdomars bästa i första rummet."),
        ("environment", "Målen och aktiviteterna medför ingen ökning av transporter, avfall eller energianvändning."),
        ("economy", "Kostnaden ryms inom befintlig ram."),
        ("regional-development", "Planen bedöms inte påverka den regionala utvecklingen."),
    ]

    /// `content.analyses`: usually all five perspectives, sometimes one left out; a few judged not concerned.
    mutating func writeAnalyses(into w: inout JSONWriter) {
        let skipped = rng.chance(0.2) ? rng.int(0...4) : -1
        w.key("analyses")
        w.beginArray()
        for (index, item) in Self.perspectiveAnalyses.enumerated() where index != skipped {
            w.beginObject()
            w.field("perspective", item.perspective)
            w.key("concerned")
            w.raw(Array((rng.chance(0.15) ? "false" : "true").utf8))
            w.field("text", item.text)
            w.endObject()
        }
        w.endArray()
    }

    /// `policy.adopted` of the rutin `plan`: every övergripande handlingsplan (and sometimes every handlingsplan) must
    /// analyse all five perspectives.
    mutating func emitPolicy(_ plan: PlanLife, on date: Day) {
        beginEvent("policy.adopted", plan: plan.key, effective: date)
        out.beginObject()
        out.field("policy", "perspektivanalys-\(plan.key)")
        out.field("requires", "perspective-analyses")
        out.key("kinds")
        out.beginArray()
        out.string("övergripande handlingsplan")
        if rng.chance(0.5) { out.string("handlingsplan") }
        out.endArray()
        out.key("perspectives")
        out.beginArray()
        for item in Self.perspectiveAnalyses { out.string(item.perspective) }
        out.endArray()
        out.field("approvedBy", Vocabulary.body(rng.pick(Self.approvers[plan.kindInfo.level]), year: date.year))
        out.endObject()
        endEvent()
    }
}
