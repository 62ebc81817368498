import Postgres
import Testing

@Test func linksLibpq() {
    #expect(!PostgresLibrary.version.isEmpty)
}
