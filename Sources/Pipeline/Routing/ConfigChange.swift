import JSON

/// What a NOTIFY on `aics_config` can affect. The payload is
/// `{"schema", "table", "op", "id", "tenant_id"}` (schemas/migrations/0001): every cached entry is
/// filed under a tenant, so a change of a bot or binding drops its tenant's entries; a payload
/// that cannot be read drops everything.
public enum ConfigChange: Sendable, Equatable {
    case tenant(String)
    case everything

    public init(payload: String) {
        guard let document = try? JSONParser.parse(Array(payload.utf8)),
              let tenantID = document["tenant_id"]?.stringValue, !tenantID.isEmpty else {
            self = .everything
            return
        }
        self = .tenant(tenantID)
    }
}
