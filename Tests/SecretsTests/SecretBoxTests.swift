import Secrets
import Testing

@Suite struct SecretBoxTests {
    let key = "operator-key-0123456789-abcdefghijklmnop"
    let newKey = "rotated-key-ABCDEFGHIJKLMNOP-0123456789"

    @Test func sealsAndOpens() throws {
        let box = try SecretBox(key: key)
        let sealed = try box.seal("app-abcdefghijklmnopqrstuvwx", owner: "bot:1:api_key")
        #expect(!String(decoding: sealed, as: UTF8.self).contains("app-abc"))
        #expect(try box.open(sealed, owner: "bot:1:api_key") == "app-abcdefghijklmnopqrstuvwx")
    }

    @Test func sealingTwiceGivesDifferentBytes() throws {
        let box = try SecretBox(key: key)
        #expect(try box.seal("x", owner: "o") != box.seal("x", owner: "o"))
    }

    @Test func aValueDoesNotOpenForAnotherOwner() throws {
        let box = try SecretBox(key: key)
        let sealed = try box.seal("secret", owner: "bot:1:api_key")
        #expect(throws: SecretBoxError.corrupt) { try box.open(sealed, owner: "bot:2:api_key") }
    }

    @Test func tamperingIsDetected() throws {
        let box = try SecretBox(key: key)
        var sealed = try box.seal("secret", owner: "o")
        sealed[sealed.count - 1] ^= 0x01
        #expect(throws: SecretBoxError.corrupt) { try box.open(sealed, owner: "o") }
    }

    @Test func rotationOpensOldValuesWithThePreviousKey() throws {
        let old = try SecretBox(key: key)
        let sealed = try old.seal("secret", owner: "o")
        let rotated = try SecretBox(key: newKey, previousKeys: [key])
        #expect(try rotated.open(sealed, owner: "o") == "secret")
        #expect(rotated.needsRotation(sealed))
        #expect(!rotated.needsRotation(try rotated.seal("secret", owner: "o")))
        #expect(throws: SecretBoxError.unknownKey) { try SecretBox(key: newKey).open(sealed, owner: "o") }
    }

    @Test func shortKeysAreRefused() {
        #expect(throws: SecretBoxError.keyTooShort(minimum: 32)) { try SecretBox(key: "short") }
    }
}
