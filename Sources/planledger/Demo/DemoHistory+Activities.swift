extension DemoHistory {
    /// The activity plan (aktivitetsplan, seed 001 §3.3: each activity with målgrupp, tidsplan, ansvarig and
    /// kontaktperson) of the board plan's assignment on trust-based governance (seed 003, "Uppdrag tillitsbaserad
    /// styrning och ledning": a handlingsplan ready by 2023-06-30, its first implementation step fully done by
    /// 2023-12-31). The activities are the four things the assignment names: rework the principles and forms of
    /// governance, improve internal and external collaboration, strengthen prioritisation and resource allocation,
    /// and make the long-term vision clear. By 2024-01-15 two are done, one was started and one never reported: the
    /// last two are overdue.
    static let activities: [Batch] = [
        Batch(recorded: "2023-06-29T09:30:00Z", lines: #"""
            {"id":"demo-201","type":"plan.registered","plan":"handlingsplan-tillit-2023","effective":"2023-06-28","actor":"registrator:cd","data":{"title":"Handlingsplan tillitsbaserad styrning och ledning","kind":"övergripande handlingsplan","owner":"Regiondirektören","period":{"from":"2023-07-01","to":"2023-12-31"},"parent":"rs-plan-2023"}}
            {"id":"demo-202","type":"plan.revised","plan":"handlingsplan-tillit-2023","effective":"2023-06-28","actor":"registrator:cd","data":{"version":1,"change":"Handlingsplan för tillitsbaserad styrning och ledning fastställd","approvedBy":"Regiondirektör","content":{"goals":[{"id":"tillit","perspective":"Verksamhet","text":"En styrning och ledning som är tillitsbaserad","successFactor":"Varje beslutsnivå verkar aktivt för samverkan och helhetsperspektiv","activities":[{"id":"tillit-grundsatser","text":"Omarbeta grundsatserna och formerna för styrning och ledning","targetGroup":"Regionens beslutsnivåer","from":"2023-07-01","due":"2023-12-31","responsible":"Regiondirektören","contact":"Samordningskansliet"},{"id":"tillit-samverkan","text":"Förbättra intern och extern samverkan","targetGroup":"Chefer och medarbetare","from":"2023-07-01","due":"2023-12-31","responsible":"Regiondirektören","contact":"Samordningskansliet"},{"id":"tillit-prioritering","text":"Stärka möjligheterna för prioritering och resursfördelning","targetGroup":"Regionstyrelsen och divisionerna","from":"2023-07-01","due":"2023-12-31","responsible":"Regiondirektören","contact":"Samordningskansliet"},{"id":"tillit-malbild","text":"Tydliggöra regionens långsiktiga målbild för en tillitsbaserad styrning och ledning","targetGroup":"Medarbetare och medborgare","from":"2023-07-01","due":"2023-12-31","responsible":"Regiondirektören","contact":"Samordningskansliet"}]}]}}}
            """#),
        Batch(recorded: "2023-09-15T10:00:00Z", lines: #"""
            {"id":"demo-203","type":"activity.reported","plan":"handlingsplan-tillit-2023","effective":"2023-09-15","actor":"registrator:cd","data":{"activity":"tillit-samverkan","status":"started","note":"Arbetet har påbörjats"}}
            {"id":"demo-204","type":"activity.reported","plan":"handlingsplan-tillit-2023","effective":"2023-09-15","actor":"registrator:cd","data":{"activity":"tillit-malbild","status":"started","note":"Arbetet har påbörjats"}}
            """#),
        Batch(recorded: "2023-12-15T14:00:00Z", lines: #"""
            {"id":"demo-205","type":"activity.reported","plan":"handlingsplan-tillit-2023","effective":"2023-12-14","actor":"registrator:cd","data":{"activity":"tillit-grundsatser","status":"done","note":"Genomförd enligt tidsplanen"}}
            {"id":"demo-206","type":"activity.reported","plan":"handlingsplan-tillit-2023","effective":"2023-12-14","actor":"registrator:cd","data":{"activity":"tillit-malbild","status":"done","note":"Genomförd enligt tidsplanen"}}
            """#),
    ]
}
