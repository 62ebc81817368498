/// One file of a source uploaded through the admin API: its path below the source (it names the
/// document at the provider, and its extension the format) and its text.
public struct UploadedFile: Sendable, Equatable, Codable {
    public var path: String
    public var content: String

    public init(path: String, content: String) {
        self.path = path
        self.content = content
    }
}
