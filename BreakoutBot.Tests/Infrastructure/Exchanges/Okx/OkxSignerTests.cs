using BreakoutBot.Infrastructure.Exchanges.Okx;

namespace BreakoutBot.Tests.Infrastructure.Exchanges.Okx;

/// <summary>The published vectors (../shared/okx/SIGNING_VECTORS.md), restated here as inputs and expected values.</summary>
public sealed class OkxSignerTests
{
    private const string NtSecret = "chNOOS4KvNXR_Xq4k4c9qsfoKWvnDecLATCRlcBwyKDYnWgO";
    private const string DocSecret = "22582BD0CFF14C41EDBF1AB98506286D";
    private const string Timestamp = "2020-12-08T09:08:57.715Z";

    [Theory]
    [InlineData(NtSecret, Timestamp, "GET", "/api/v5/account/balance", "", "PJ61e1nb2F2Qd7D8SPiaIcx2gjdELc+o0ygzre9z33k=")]
    [InlineData(NtSecret, Timestamp, "GET", "/api/v5/account/balance?ccy=BTC", "", "ebNz0sDoc3LoFm1hqjP8LDT0fnRlDERj5C+I4ZqB4Cw=")]
    [InlineData(NtSecret, Timestamp, "POST", "/api/v5/trade/order", "{\"instId\":\"BTC-USD-200925\",\"tdMode\":\"isolated\",\"side\":\"buy\",\"ordType\":\"limit\",\"px\":\"432.11\",\"sz\":\"2\"}", "nEpHMx6gZYYjWVfzXtwccJAPmWrrmDHvV4cNsi10d6o=")]
    [InlineData(NtSecret, "2025-01-20T10:30:45.123Z", "POST", "/api/v5/trade/order-algo", "[{\"instId\":\"ETH-USDT-SWAP\",\"tdMode\":\"isolated\",\"side\":\"buy\",\"ordType\":\"trigger\",\"sz\":\"0.01\",\"triggerPx\":\"3000\",\"orderPx\":\"-1\",\"triggerPxType\":\"last\"}]", "Hyw+wqZdunh3ia8d5g6lsWh83Vwwx1Ck2JFCK5e0DqY=")]
    [InlineData(DocSecret, Timestamp, "GET", "/api/v5/account/balance?ccy=BTC", "", "HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=")]
    [InlineData(DocSecret, Timestamp, "POST", "/api/v5/account/set-leverage", "{\"instId\":\"BTC-USDT\",\"lever\":\"5\",\"mgnMode\":\"isolated\"}", "eCnnCgWLjlQ9XnpUkrcny3qNq3WW/81KNrDr/XR6Xv8=")]
    [InlineData(DocSecret, Timestamp, "GET", "/api/v5/market/history-candles?instId=BTC-USDT-SWAP&bar=1H&limit=100", "", "oCHEVH7aXNUjDy2pERhTul9Z7BINHGDOCptriixYevM=")]
    public void SignsRestRequestsAsTheVectorsSay(string secret, string timestamp, string method, string path, string body, string expected)
    {
        OkxSigner.SignRest(secret, timestamp, method, path, body).ShouldBe(expected);
    }

    [Theory]
    [InlineData(DocSecret, "+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M=")]
    [InlineData(NtSecret, "ENpPNQ8mQv8YzDMPhBsB4SrjaKK+FaEh2nozTRW6KU0=")]
    public void SignsWebSocketLoginAsTheVectorsSay(string secret, string expected)
    {
        OkxSigner.SignWebSocketLogin(secret, "1538054050").ShouldBe(expected);
    }

    [Fact]
    public void LowerCaseMethodIsSignedAsUpperCase()
    {
        OkxSigner.SignRest(NtSecret, Timestamp, "get", "/api/v5/account/balance", null)
            .ShouldBe("PJ61e1nb2F2Qd7D8SPiaIcx2gjdELc+o0ygzre9z33k=");
    }

    [Fact]
    public void FormatsTimestampAsIsoUtcWithMilliseconds()
    {
        var time = new DateTimeOffset(2020, 12, 8, 11, 8, 57, 715, TimeSpan.FromHours(2));
        OkxSigner.FormatTimestamp(time).ShouldBe(Timestamp);
        OkxSigner.FormatTimestamp(new DateTimeOffset(2021, 1, 2, 3, 4, 5, TimeSpan.Zero)).ShouldBe("2021-01-02T03:04:05.000Z");
    }

    [Fact]
    public void CredentialsNeverPrintTheSecretOrPassphrase()
    {
        var credentials = new OkxCredentials("985d5b66-57ce-40fb-b714-afc0b9787083", NtSecret, "1234567890", isDemo: true);
        var text = credentials.ToString();
        text.ShouldNotContain(NtSecret);
        text.ShouldNotContain("1234567890");
        text.ShouldNotContain("985d5b66");
        text.ShouldContain("7083");
    }
}
