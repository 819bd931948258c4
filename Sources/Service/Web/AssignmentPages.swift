import Hummingbird

extension WebController {
    /// The routes of the assignments (uppdrag).
    func addAssignmentPages(to web: RouterGroup<ServiceContext>) {}
}
