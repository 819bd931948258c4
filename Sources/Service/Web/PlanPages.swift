import Hummingbird

extension WebController {
    /// The routes of plan page, versions, diff, as-of and known-at, follow-ups and the goal chain.
    func addPlanPages(to web: RouterGroup<ServiceContext>) {}
}
