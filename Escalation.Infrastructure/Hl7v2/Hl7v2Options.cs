namespace Escalation.Infrastructure.Hl7v2;

/// <summary>
/// The HL7 v2 listener, bound from <c>Hl7v2</c>. Off unless <see cref="Port"/> is set. One listener is one source: its
/// results are recorded and routed under <see cref="SourceName"/> (routing rules name it as their source), and go to
/// <see cref="DefaultUnitCode"/> when no rule routes them.
/// </summary>
public sealed class Hl7v2Options
{
    public const string Section = "Hl7v2";

    /// <summary>The TCP port the lab connects to; null (the default) leaves the listener off.</summary>
    public int? Port { get; set; }

    /// <summary>The address to listen on: 0.0.0.0 (every interface) unless set, 127.0.0.1 for a local interface engine.</summary>
    public string Address { get; set; } = "0.0.0.0";

    /// <summary>The source's name: on its results, in the audit, and as the source of its routing rules.</summary>
    public string SourceName { get; set; } = "hl7v2-lab";

    /// <summary>The unit a result goes to when no routing rule recognises its ordering provider; else <c>Fhir:DefaultUnitCode</c>.</summary>
    public string? DefaultUnitCode { get; set; }

    /// <summary>The sender's local time zone (IANA id), for timestamps that carry no offset. UTC unless set.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>MSH-11 taken: P (production). A T (training) or D (debugging) message is refused, so nobody is paged for a test.</summary>
    public string ProcessingId { get; set; } = "P";

    /// <summary>MSH-3 and MSH-4 of our ACKs.</summary>
    public string ReceivingApplication { get; set; } = "ESCALATION";

    public string ReceivingFacility { get; set; } = "";

    /// <summary>The largest frame read; a longer one is discarded up to its end and refused, never held whole.</summary>
    public int MaxFrameBytes { get; set; } = 1024 * 1024;

    /// <summary>Connections served at once; one more is closed at once (the LIS retries).</summary>
    public int MaxConnections { get; set; } = 16;

    /// <summary>A connection that sends nothing for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>TLS: a PKCS#12 file with the server certificate and key. Plain TCP when unset.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public void Validate()
    {
        if (Port is not { } port)
        {
            return;
        }

        if (port is < 1 or > 65535 || !System.Net.IPAddress.TryParse(Address, out _))
        {
            throw new InvalidOperationException("Hl7v2:Port must be 1-65535 and Hl7v2:Address an IP address.");
        }

        if (string.IsNullOrWhiteSpace(SourceName) || SourceName.Length > 100 || SourceName.StartsWith("apikey:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Hl7v2:SourceName is required (at most 100 characters, not starting with 'apikey:').");
        }

        if (MaxFrameBytes < 1024 || MaxConnections < 1 || IdleTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Hl7v2:MaxFrameBytes must be at least 1024, Hl7v2:MaxConnections and Hl7v2:IdleTimeout positive.");
        }

        _ = System.TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        if (!string.IsNullOrWhiteSpace(CertificatePath) && !File.Exists(CertificatePath))
        {
            throw new InvalidOperationException($"Hl7v2:CertificatePath '{CertificatePath}' does not exist.");
        }
    }
}
