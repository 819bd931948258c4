import Hummingbird

extension WebController {
    /// The routes of the diary (postlistan).
    func addDiaryPages(to web: RouterGroup<ServiceContext>) {}
}
