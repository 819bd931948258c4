/// The Swedish texts of the web pages (SPEC, "Web pages"), one dictionary per page, `[key: text]`.
///
/// Templates hold no prose of their own: every word a person reads comes from here as `{{t.KEY}}` (the page's
/// dictionary over `common`), so the pages, like the CLI's tables, take their words from this catalogue, and a test
/// checks that every key a template names exists. Statuses and other enum values use `Worded`, as the CLI does.
/// Each page adds its dictionary in an extension in a file of its own (`WebTexts+Plan.swift`, …).
public enum WebTexts {
    /// Each template's own texts by the template's name (the layout and every page also read `common`); the renderer
    /// looks a page's texts up here, and a test checks each template against its entry.
    public static let pages: [String: [String: String]] = [
        "start": start,
        "signin": signIn,
        "error": [:],
        "audit": audit, "auditnav": auditShared, "auditverify": auditVerify, "auditproof": auditProof, "audithistory": auditHistory, "auditaccounts": auditAccounts,
        "registrar": registrar,
        "registrar-form": registrarForm,
        "diary": diary,
        "assignments": assignments,
        "activities": activities,
        "plan": plan,
        "plancompare": planCompare,
        "planfollowups": planFollowups,
        "planbudget": planBudget,
        "planchain": planChain,
        "planchainnode": planChain,
        "plancell": planCompare,
        "processes": processes,
        "process": process,
        "search": search,
    ]

    /// The layout's texts: the site's name, the navigation, the skip link, sign-in and sign-out, the footer.
    public static let common: [String: String] = [
        "siteName": "Planregistret",
        "skipToContent": "Hoppa till innehållet",
        "navigation": "Huvudmeny",
        "navStart": "Start",
        "navDiary": "Diariet",
        "navAssignments": "Uppdrag",
        "navProcess": "Planeringsprocessen",
        "navActivities": "Aktiviteter",
        "navSearch": "Sök",
        "navAudit": "Granskning",
        "navRegistrar": "Registrera",
        "signIn": "Logga in",
        "signOut": "Logga ut",
        "signedInAs": "Inloggad som",
        "role": "roll",
        "footer": "Alla beslut och ändringar är händelser i en kedjad logg som inte kan ändras i efterhand.",
        "asOfLabel": "Som det gällde den",
        "knownAtLabel": "Som registret visade den",
        "show": "Visa",
        "errorTitle": "Något gick fel",
        "notFoundTitle": "Sidan finns inte",
        "notFoundDetail": "Det finns ingen sida med den adressen. Kontrollera adressen eller börja om från startsidan.",
        "httpErrorDetail": "Begäran kunde inte besvaras.",
        "forbiddenTitle": "Du har inte behörighet",
        "unauthorisedTitle": "Logga in för att se sidan",
        "back": "Tillbaka till start",
        "errorSummary": "Formuläret har fel",
    ]

    /// The sign-in page.
    public static let signIn: [String: String] = [
        "title": "Logga in",
        "name": "Användarnamn",
        "password": "Lösenord",
        "submit": "Logga in",
        "wrong": "Fel användarnamn eller lösenord, eller så är kontot avstängt.",
        "throttled": "För många misslyckade inloggningar. Försök igen om en stund.",
        "missing": "Fyll i fältet.",
        "signedOut": "Du är utloggad.",
    ]

    /// The roles in Swedish, as the navigation names the signed-in account's role.
    public static let roles: [String: String] = [
        "public": "allmänheten",
        "staff": "handläggare",
        "registrar": "registrator",
        "auditor": "revisor",
        "admin": "administratör",
    ]
}
