import Foundation
import Testing

@Suite(.enabled(if: AICSBinary.isAvailable, "needs AICS_TEST_DATABASE_URL and the built aics executable"))
struct TokenCommandTests {
    @Test func createsListsAndRevokesWithoutEverShowingTheTokenAgain() async throws {
        try await AICSBinary.migrate()
        let tenant = AICSBinary.uniqueTenant(), other = AICSBinary.uniqueTenant()
        let created = try await AICSBinary.run(["token", "create", "--tenant", tenant, "--name", "ui"], environment: ["AICS_SECRET_KEY": nil])
        #expect(created.status == 0, "\(created.all)")
        let token = try #require(created.stdout.split(separator: "\n").first.map(String.init))
        #expect(token.hasPrefix("aics_") && token.count == 48)
        let twice = try await AICSBinary.run(["token", "create", "--tenant", tenant, "--name", "ui"])
        #expect(twice.status != 0 && twice.stderr.contains("already has a token named 'ui'"), "\(twice.all)")
        #expect(try await AICSBinary.run(["token", "create", "--tenant", other, "--name", "ui"]).status == 0)
        let blank = try await AICSBinary.run(["token", "create", "--tenant", tenant, "--name", " "])
        #expect(blank.status != 0 && blank.stderr.contains("--name"), "\(blank.all)")

        let listed = try await AICSBinary.run(["token", "list", "--tenant", tenant, "--json"])
        #expect(listed.status == 0, "\(listed.all)")
        #expect(!listed.all.contains(token) && listed.stdout.contains("aics_…" + token.suffix(4)))

        let ambiguous = try await AICSBinary.run(["token", "revoke", "ui"])
        #expect(ambiguous.status != 0 && ambiguous.stderr.contains("add --tenant"), "\(ambiguous.all)")
        let revoked = try await AICSBinary.run(["token", "revoke", "ui", "--tenant", tenant])
        #expect(revoked.status == 0, "\(revoked.all)")
        let again = try await AICSBinary.run(["token", "revoke", "ui", "--tenant", tenant])
        #expect(again.status != 0 && again.stderr.contains("no token in force"), "\(again.all)")
        let after = try await AICSBinary.run(["token", "list", "--tenant", tenant])
        #expect(after.stdout.contains("ui") && !after.stdout.contains(token))
        // The name is free again once revoked.
        #expect(try await AICSBinary.run(["token", "create", "--tenant", tenant, "--name", "ui"]).status == 0)
    }

    @Test func adminRefusesAnAddressItCannotUse() async throws {
        for (arguments, environment, message) in [
            (["admin", "--listen", "localhost"], [String: String?](), "is not HOST:PORT"),
            (["admin", "--listen", "127.0.0.1:99999"], [:], "port from 0 to 65535"),
            (["admin"], ["AICS_ADMIN_LISTEN": "nowhere"], "is not HOST:PORT"),
            (["admin", "--listen", "127.0.0.1:0"], ["AICS_SECRET_KEY": nil], "no secret key"),
        ] {
            let result = try await AICSBinary.run(arguments, environment: environment)
            #expect(result.status != 0 && result.stderr.contains(message), "\(arguments): \(result.all)")
        }
    }
}
