import ServiceLifecycle

extension HTTPClient: Service {
    /// Lets a `ServiceGroup` own the client: the client serves requests from `init` on, and this
    /// returns after graceful shutdown (or cancellation), having shut the client down.
    public func run() async throws {
        try? await gracefulShutdown()
        shutdown()
    }
}
