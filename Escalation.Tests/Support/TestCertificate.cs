using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Escalation.Tests.Support;

/// <summary>
/// A certificate for the app's key ring, kept outside any database, as an operator would give it: a password-protected
/// PFX file named in configuration. One per test run; every app a test starts may use it.
/// </summary>
public static class TestCertificate
{
    public const string Password = "test-key-ring-password";

    private static readonly Lazy<string> File = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Path => File.Value;

    /// <summary>The settings that hand this certificate to the app.</summary>
    public static Dictionary<string, string?> Settings(IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>(more ?? new Dictionary<string, string?>())
        {
            ["DataProtection:CertificatePath"] = Path,
            ["DataProtection:CertificatePassword"] = Password,
        };
        return settings;
    }

    private static string Create()
    {
        var folder = Directory.CreateTempSubdirectory("escalation-cert-").FullName;
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Escalation test key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = System.IO.Path.Combine(folder, "key-ring.pfx");
        System.IO.File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, Password));
        return path;
    }
}
