import CLibPQ

/// Facts about the libpq this build links against.
public enum PostgresLibrary {
    /// libpq's version as "major.minor", e.g. "15.8".
    public static var version: String {
        let number = Int(PQlibVersion())
        return "\(number / 10000).\(number % 10000)"
    }
}
