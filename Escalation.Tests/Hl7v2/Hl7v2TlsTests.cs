using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Escalation.Infrastructure.Hl7v2;

namespace Escalation.Tests.Hl7v2;

/// <summary>The listener with <c>Hl7v2:CertificatePath</c> set: MLLP inside TLS on 127.0.0.1, the app on SQLite.</summary>
[Trait("Category", "Sqlite")]
public sealed class Hl7v2TlsTests() : Hl7v2Test(new Dictionary<string, string?>
{
    ["Hl7v2:CertificatePath"] = TestCertificate.Path,
    ["Hl7v2:CertificatePassword"] = TestCertificate.Password,
})
{
    [Fact]
    public async Task OverTls_AMessageIsAcknowledged_WithTheConfiguredCertificate_AndPlainTcpGetsNoAck()
    {
        using var expected = X509CertificateLoader.LoadPkcs12FromFile(TestCertificate.Path, TestCertificate.Password);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", Hl7.Port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) => certificate?.GetCertHashString() == expected.GetCertHashString());
        await tls.AuthenticateAsClientAsync("localhost");

        await tls.WriteAsync(Hl7v2Corpus.Frame(Hl7v2Corpus.Text("v251-elr-potassium-normal.hl7")));
        var frames = new MllpFrameReader(1024 * 1024);
        var buffer = new byte[16 * 1024];
        IReadOnlyList<MllpFrame> acks = [];
        while (acks.Count == 0)
        {
            var read = await tls.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(read > 0);
            acks = frames.Feed(buffer.AsSpan(0, read));
        }

        var ack = Hl7Parser.Parse(Encoding.UTF8.GetString(acks[0].Content));
        Assert.Equal(("AA", "LAB000102"), (ack.Segments[1].Value(1), ack.Segments[1].Value(2)));

        // A client that skips the handshake gets no ACK in the clear: the TLS handshake fails and the connection goes.
        await using var plain = await LisClient.ConnectAsync(Hl7.Port);
        await plain.WriteAsync(Hl7v2Corpus.Frame(Hl7v2Corpus.Text("v251-elr-potassium-normal.hl7")));
        Assert.True(await plain.ClosedByListenerAsync(TimeSpan.FromSeconds(30)));
    }
}
