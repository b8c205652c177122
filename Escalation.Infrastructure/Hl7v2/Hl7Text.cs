using System.Text;

namespace Escalation.Infrastructure.Hl7v2;

/// <summary>
/// Bytes to text. Most laboratory systems send ASCII, many UTF-8 (MSH-18 "UNICODE UTF-8"), some still ISO 8859-1
/// without saying so: UTF-8 when the bytes are valid UTF-8, Latin-1 otherwise, so a "µ" in a unit survives either way.
/// </summary>
public static class Hl7Text
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }
}
