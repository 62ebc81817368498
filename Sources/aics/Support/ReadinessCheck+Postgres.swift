import Observability
import Postgres

extension ReadinessCheck {
    /// Postgres answers a trivial query (within the check's time-out).
    static func postgres(_ pool: PostgresPool) -> ReadinessCheck {
        ReadinessCheck("postgres") {
            do {
                _ = try await pool.query("SELECT 1")
                return nil
            } catch {
                return "postgres does not answer"
            }
        }
    }
}
