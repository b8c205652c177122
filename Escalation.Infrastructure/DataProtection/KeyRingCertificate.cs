using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Escalation.Infrastructure.DataProtection;

/// <summary>
/// The certificate that encrypts the data-protection key ring at rest. The key ring lives in the database (so every
/// node shares it); the certificate must not, or a copy of the database would unlock every message body in it.
/// Outside Development it comes from configuration, and the app does not start without it. In Development one is
/// made once under the content root's data folder, readable by the owner only.
/// </summary>
public static class KeyRingCertificate
{
    public const string PathSetting = "DataProtection:CertificatePath";
    public const string PasswordSetting = "DataProtection:CertificatePassword";
    public const string DevelopmentFile = "data/data-protection.pfx";

    public static X509Certificate2 Load(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[PathSetting];
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (!environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"Refusing to start in {environment.EnvironmentName}: {PathSetting} is not set; the data-protection keys in the database must be encrypted with a certificate kept outside it: give a PFX file ({PathSetting}) and its password ({PasswordSetting}), the same on every node.");
            }

            return LoadOrCreate(Path.Combine(environment.ContentRootPath, DevelopmentFile));
        }

        var path = Path.IsPathRooted(configured) ? configured : Path.Combine(environment.ContentRootPath, configured);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Refusing to start in {environment.EnvironmentName}: {PathSetting} names '{path}', which does not exist.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[PasswordSetting]);
        }
        catch (CryptographicException)
        {
            throw new InvalidOperationException(
                $"Refusing to start in {environment.EnvironmentName}: the PFX file at {PathSetting} ('{path}') does not open with {PasswordSetting}.");
        }

        // Key-ring encryption wraps each key for the certificate's RSA public key and unwraps it with the private one.
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is null)
        {
            throw new InvalidOperationException(
                $"Refusing to start in {environment.EnvironmentName}: the certificate at {PathSetting} ('{path}') has no RSA private key.");
        }

        return certificate;
    }

    /// <summary>A self-signed certificate without a password, made once at <paramref name="path"/> (0600): for Development and local tools.</summary>
    public static X509Certificate2 LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, null);
        }

        var folder = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using var key = RSA.Create(3072);
        var request = new CertificateRequest("CN=Escalation development key ring", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(100));
        var pfx = made.Export(X509ContentType.Pkcs12);

        // Written whole under another name, then moved into place: an app or test starting at the same moment
        // finds either no file or a complete one, and the first to move wins.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        {
            file.Write(pfx);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, null);
    }
}
