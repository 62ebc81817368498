/// SQL that renders a timestamptz column as RFC 3339 UTC text ("2026-12-07T08:00:00Z"), for
/// the admin API's status.
enum UTCText {
    static func of(_ column: String) -> String {
        "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    }
}
