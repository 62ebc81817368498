import Testing

@testable import aics_bench

@Suite struct OutcomeBookTests {
    let plan = LoadPlan(tag: "run", messages: 6, conversations: 2)

    private func identity(_ index: Int, text: String = "answer") -> OutcomeBook.OutputIdentity {
        .init(outputID: "out-\(index)", text: text)
    }

    @Test func everyMessageAnsweredInOrderPasses() {
        var book = OutcomeBook(plan: plan)
        for index in 0..<6 { book.record(inReplyTo: [plan.messageID(index)], identity: identity(index), kind: "answer", at: Double(index)) }
        #expect(book.answered == 6)
        #expect(book.missing.isEmpty)
        #expect(book.conflicts.isEmpty && book.orderViolations.isEmpty)
        #expect(book.arrivals[3] == 3)
    }

    @Test func missingMessagesAreListed() {
        var book = OutcomeBook(plan: plan)
        book.record(inReplyTo: [plan.messageID(0)], identity: identity(0), kind: "answer", at: 0)
        #expect(book.missing == [1, 2, 3, 4, 5])
    }

    @Test func sameOutputAgainIsADuplicateAnotherIsAConflict() {
        var book = OutcomeBook(plan: plan)
        book.record(inReplyTo: [plan.messageID(1)], identity: identity(1), kind: "answer", at: 0)
        book.record(inReplyTo: [plan.messageID(1)], identity: identity(1), kind: "answer", at: 1)
        #expect(book.duplicates == 1 && book.conflicts.isEmpty)
        book.record(inReplyTo: [plan.messageID(1)], identity: identity(1, text: "another"), kind: "answer", at: 2)
        #expect(book.conflicts.count == 1)
        #expect(book.arrivals[1] == 0)
    }

    @Test func anEarlierMessageAfterALaterOneOfItsConversationIsAnOrderViolation() {
        var book = OutcomeBook(plan: plan)
        // Messages 0, 2, 4 are conversation 0; 1, 3, 5 conversation 1.
        book.record(inReplyTo: [plan.messageID(2)], identity: identity(2), kind: "answer", at: 0)
        book.record(inReplyTo: [plan.messageID(1)], identity: identity(1), kind: "answer", at: 1)
        #expect(book.orderViolations.isEmpty)
        book.record(inReplyTo: [plan.messageID(0)], identity: identity(0), kind: "answer", at: 2)
        #expect(book.orderViolations.count == 1)
    }

    @Test func warmUpAndForeignOutputsAreCountedApart() {
        var book = OutcomeBook(plan: plan)
        book.record(inReplyTo: [plan.warmUpMessageID(0)], identity: identity(0), kind: "answer", at: 0)
        book.record(inReplyTo: ["other-run-m-1", "run-m-99"], identity: identity(1), kind: "answer", at: 0)
        #expect(book.warmUpOutputs == 1 && book.foreignOutputs == 2 && book.answered == 0)
    }
}
