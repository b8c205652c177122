using Microsoft.AspNetCore.DataProtection;

namespace Escalation.Infrastructure.Engine;

/// <summary>
/// Encrypts patient information (message bodies, patient references) before it reaches the database, with the
/// data-protection key ring that lives in the same database (shared by every node).
/// </summary>
public sealed class PatientDataProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Escalation.PatientData.v1");

    public ProtectedText Protect(string plaintext) => new(_protector.Protect(plaintext));

    public string Unprotect(ProtectedText text) => _protector.Unprotect(text.Ciphertext);
}
