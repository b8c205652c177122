using Escalation.Infrastructure.Hl7v2;

namespace Escalation.Tests.Hl7v2;

/// <summary>The corpus messages (Corpus/SOURCES.md says what each mirrors), as an MLLP sender puts them on the wire.</summary>
public static class Hl7v2Corpus
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Hl7v2", "Corpus", name);

    /// <summary>The message with CR segment ends, as sent.</summary>
    public static string Text(string name) => Lf(name).Replace('\n', '\r');

    /// <summary>The message as stored, with LF segment ends.</summary>
    public static string Lf(string name) => File.ReadAllText(PathOf(name)).ReplaceLineEndings("\n");

    public static Hl7Message Parse(string name) => Hl7Parser.Parse(Text(name));

    /// <summary>A message in its MLLP frame.</summary>
    public static byte[] Frame(string message) => MllpListener.Framed(message);
}
