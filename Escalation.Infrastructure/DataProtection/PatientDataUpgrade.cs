using System.Xml.Linq;
using Escalation.Infrastructure.Engine;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Escalation.Infrastructure.DataProtection;

/// <summary>
/// Brings a database from before encryption at rest up to it, in place, at start-up under the start-up lock: keys the
/// old key ring stored in clear are encrypted with the configured certificate (the key material stays the same, so
/// everything they protected still reads), and close notes stored as typed are encrypted like the body. Both steps
/// find nothing to do once done, so every start runs them.
/// </summary>
public sealed class PatientDataUpgrade(EscalationDbContext db, IOptions<KeyManagementOptions> keyManagement, PatientDataProtector protector, ILogger<PatientDataUpgrade> logger)
{
    private static readonly XNamespace DataProtectionNamespace = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName RequiresEncryption = DataProtectionNamespace + "requiresEncryption";
    private static readonly XName EncryptedSecret = DataProtectionNamespace + "encryptedSecret";

    // Every data-protection payload starts with the same magic header, which base64url-encodes to "CfDJ8".
    private const string PlaintextCloseNotes =
        "SELECT * FROM \"Messages\" WHERE \"CloseNote\" IS NOT NULL AND \"CloseNote\" NOT LIKE 'CfDJ8%'";

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await EncryptKeyRingAsync(cancellationToken);
        await EncryptCloseNotesAsync(cancellationToken);
    }

    private async Task EncryptKeyRingAsync(CancellationToken cancellationToken)
    {
        var encryptor = keyManagement.Value.XmlEncryptor
            ?? throw new InvalidOperationException("The key ring has no encryptor: ProtectKeysWithCertificate was not applied.");
        var keys = await db.DataProtectionKeys.ToListAsync(cancellationToken);
        var encrypted = 0;
        foreach (var key in keys)
        {
            var xml = XElement.Parse(key.Xml!);
            var secrets = xml.Descendants().Where(e => (string?)e.Attribute(RequiresEncryption) == "true").ToList();
            if (secrets.Count == 0)
            {
                continue;
            }

            // The shape the key manager itself writes when an encryptor is configured, so it reads these keys back.
            foreach (var secret in secrets)
            {
                var info = encryptor.Encrypt(secret);
                secret.ReplaceWith(new XElement(EncryptedSecret, new XAttribute("decryptorType", info.DecryptorType.AssemblyQualifiedName!), info.EncryptedElement));
            }

            key.Xml = xml.ToString(SaveOptions.DisableFormatting);
            encrypted++;
        }

        if (encrypted > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogWarning("Encrypted {Count} data-protection keys that were stored unencrypted", encrypted);
        }
    }

    private async Task EncryptCloseNotesAsync(CancellationToken cancellationToken)
    {
        var plaintext = await db.Messages.FromSqlRaw(PlaintextCloseNotes).ToListAsync(cancellationToken);
        foreach (var message in plaintext)
        {
            // Read as the previous release wrote it: the note as typed, in the column that now holds ciphertext.
            db.Entry(message).Property(m => m.CloseNote).CurrentValue = protector.Protect(message.CloseNote!.Value.Ciphertext);
        }

        if (plaintext.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogWarning("Encrypted {Count} close notes that were stored in clear", plaintext.Count);
        }
    }
}
