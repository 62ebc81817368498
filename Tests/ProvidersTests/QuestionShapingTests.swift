import Providers
import Testing

@Suite("Question shaping: Dify user ids and knowledge queries")
struct QuestionShapingTests {
    @Test func difyUserIsStableOpaqueAndDistinct() {
        let id = DifyUser.id(tenantID: "tenant-1", customerID: "customer-42")
        #expect(id == DifyUser.id(tenantID: "tenant-1", customerID: "customer-42"))
        #expect(id.hasPrefix("aics-") && id.count == 37)
        #expect(!id.contains("customer-42"))
        #expect(id != DifyUser.id(tenantID: "tenant-2", customerID: "customer-42"))
        // The separator keeps ("ab", "c") and ("a", "bc") apart.
        #expect(DifyUser.id(tenantID: "ab", customerID: "c") != DifyUser.id(tenantID: "a", customerID: "bc"))
    }

    @Test func shortQueriesAreKept() {
        #expect(KnowledgeQuery.shortened("  How long does shipping take?  ") == "How long does shipping take?")
    }

    @Test func longQueriesKeepTheLastQuestionAndContextThatFits() {
        let story = String(repeating: "I ordered a blue jacket last week and it arrived with a torn sleeve. ", count: 4)
        let text = story + "Can I get a refund for the damaged item? Thanks a lot, have a nice day."
        let query = KnowledgeQuery.shortened(text)
        #expect(query.count <= 250)
        #expect(query.contains("Can I get a refund for the damaged item?"))
        #expect(!query.contains("nice day"))
        #expect(query.hasPrefix("I ordered"))
    }

    @Test func overlongSentencesAreCutAtAWordBoundary() {
        let text = String(repeating: "refund ", count: 60) + "please"
        let query = KnowledgeQuery.shortened(text)
        #expect(query.count <= 250)
        #expect(query.hasSuffix("refund"))
    }

    @Test func chineseQueriesAreShortenedByCharacters() {
        let text = String(repeating: "我上周买的衣服有破损。", count: 30) + "怎么申请退款？"
        let query = KnowledgeQuery.shortened(text)
        #expect(query.count <= 250)
        #expect(query.hasSuffix("怎么申请退款？"))
    }

    @Test func retrieveRequestShortensItsQuery() {
        let request = DifyRetrieveRequest(query: String(repeating: "where is my parcel ", count: 30) + "when will it arrive?")
        #expect(request.query.count <= 250)
    }

    @Test func mergedMessagesFormOneQuestion() {
        let question = ProviderQuestion(tenantID: "t", customerID: "c", messages: ["hi", "  ", "where is my order? "])
        #expect(question.text == "hi\nwhere is my order?")
    }
}
