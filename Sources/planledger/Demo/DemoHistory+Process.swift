extension DemoHistory {
    /// The planning processes (SPEC "The planning year", **The process**): seed 002's process, here preparing plan
    /// year 2024 in 2022–2023 as the demo's assignments demo-049/050 do (phases and milestones with the seed's names
    /// and days: Kickoff 10 februari, PF RS 9 mars, Nämnd 16 april (18 mars), VP klar 30 sept), with the nämnd
    /// milestone moved from 18 March to 16 April by a revision and then reached nine days late; and seed 000's
    /// deadlines (division plans in by 17 November, adopted before 31 December 2016) as the 2017 process.
    static let process: [Batch] = [
        Batch(recorded: "2016-09-15T09:05:00Z", lines: #"""
            {"id":"demo-101","type":"process.planned","effective":"2016-09-15","actor":"registrator:ab","data":{"process":"planering-2017","title":"Planering 2017","year":2017,"owner":"Landstingsdirektören","phases":[{"id":"divisionsplaner","name":"Divisionerna arbetar fram divisionsplaner","from":"2016-09-15","to":"2016-11-17"},{"id":"dialoger","name":"Dialoger","from":"2016-11-01","to":"2016-12-31"}],"milestones":[{"id":"divisionsplaner-in","name":"Divisionsplaner lämnas in","date":"2016-11-17","phase":"divisionsplaner","body":"Divisionerna","deliverable":"divisionsplan"},{"id":"jamstalldhet","name":"Årsrapportering jämställdhetsintegrering 2016","date":"2016-11-30","phase":"dialoger","body":"Divisionerna"},{"id":"faststallda","name":"Divisionsplanerna fastställs","date":"2016-12-31","phase":"dialoger","body":"Landstingsdirektören","purpose":"Divisionsplanerna fastställs slutligt innan 31 december 2016","deliverable":"divisionsplan"}]}}
            """#),
        Batch(recorded: "2016-11-17T15:25:00Z", lines: #"""
            {"id":"demo-102","type":"milestone.reached","effective":"2016-11-17","actor":"registrator:ab","data":{"process":"planering-2017","milestone":"divisionsplaner-in","note":"Samtliga divisionsplaner inlämnade"}}
            """#),
        Batch(recorded: "2016-12-21T10:05:00Z", lines: #"""
            {"id":"demo-103","type":"milestone.reached","effective":"2016-12-20","actor":"registrator:ab","data":{"process":"planering-2017","milestone":"faststallda","note":"Fastställda av landstingsdirektören","plan":"divisionsplan-service-2017"}}
            """#),
        Batch(recorded: "2022-10-04T09:00:00Z", lines: #"""
            {"id":"demo-110","type":"process.planned","effective":"2022-10-03","actor":"registrator:cd","data":{"process":"planeringsprocess-2024","title":"Planerings- och budgetprocess för regionplan 2024","year":2024,"owner":"Regionstyrelsen","phases":[{"id":"forberedelser","name":"Förberedelser","from":"2022-10-01","to":"2023-01-31"},{"id":"pf","name":"Planeringsförutsättningar (PF)","from":"2023-01-01","to":"2023-02-28"},{"id":"namnderna","name":"Nämnderna behandlar PF och återkopplar","from":"2023-03-01","to":"2023-04-30"},{"id":"beredning","name":"Beredning av årlig regionplan och budget","from":"2023-04-01","to":"2023-05-31"},{"id":"beslut","name":"Beslut om regionplan","from":"2023-05-01","to":"2023-06-30"},{"id":"vp","name":"Verksamhetsplaner","from":"2023-09-01","to":"2023-09-30"},{"id":"aktivitetsplaner","name":"Aktivitetsplaner och internbudget","from":"2023-12-01","to":"2023-12-31"}],"milestones":[{"id":"kickoff","name":"Kickoff","date":"2023-02-10","phase":"pf","purpose":"Majoritetens förslag till PF presenteras på kickoff"},{"id":"pf-rs","name":"PF i regionstyrelsen","date":"2023-03-09","phase":"pf","body":"Regionstyrelsen","purpose":"PF beslutas av regionstyrelsen","deliverable":"planeringsförutsättningar"},{"id":"namnd","name":"Nämndernas återkoppling på PF","date":"2023-03-18","phase":"namnderna","body":"Nämnderna","purpose":"Nämnderna återkopplar till regionstyrelsen synpunkter på PF"},{"id":"regionplan","name":"Regionplan och budget beslutas","date":"2023-06-30","phase":"beslut","body":"Regionfullmäktige","deliverable":"regionplan"},{"id":"vp-klar","name":"VP klar","date":"2023-09-30","phase":"vp","body":"Nämnderna","purpose":"Beslut i nämnd i september","deliverable":"verksamhetsplan"}]}}
            """#),
        Batch(recorded: "2023-02-13T08:40:00Z", lines: #"""
            {"id":"demo-111","type":"milestone.reached","effective":"2023-02-10","actor":"registrator:cd","data":{"process":"planeringsprocess-2024","milestone":"kickoff","note":"Majoritetens förslag till PF presenterat"}}
            """#),
        Batch(recorded: "2023-02-28T09:30:00Z", lines: #"""
            {"id":"demo-112","type":"milestone.reached","effective":"2023-02-27","actor":"registrator:cd","data":{"process":"planeringsprocess-2024","milestone":"pf-rs","note":"Planeringsförutsättningar beslutade i regionstyrelsen"}}
            """#),
        Batch(recorded: "2023-03-02T10:00:00Z", lines: #"""
            {"id":"demo-113","type":"process.revised","effective":"2023-03-01","actor":"registrator:cd","data":{"process":"planeringsprocess-2024","change":"Nämndernas återkoppling flyttad från 18 mars till 16 april","milestones":[{"id":"namnd","name":"Nämndernas återkoppling på PF","date":"2023-04-16","phase":"namnderna","body":"Nämnderna","purpose":"Nämnderna återkopplar till regionstyrelsen synpunkter på PF i april"}]}}
            """#),
        Batch(recorded: "2023-04-26T13:00:00Z", lines: #"""
            {"id":"demo-114","type":"milestone.reached","effective":"2023-04-25","actor":"registrator:cd","data":{"process":"planeringsprocess-2024","milestone":"namnd","note":"Sista nämndens återkoppling inkom nio dagar efter utsatt dag"}}
            """#),
        Batch(recorded: "2023-06-20T16:05:00Z", lines: #"""
            {"id":"demo-115","type":"milestone.reached","effective":"2023-06-19","actor":"registrator:cd","data":{"process":"planeringsprocess-2024","milestone":"regionplan","note":"Regionplan och budget 2024 beslutad"}}
            """#),
    ]
}
