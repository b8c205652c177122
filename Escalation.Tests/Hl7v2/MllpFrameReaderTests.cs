using Escalation.Infrastructure.Hl7v2;

namespace Escalation.Tests.Hl7v2;

[Trait("Category", "Unit")]
public sealed class MllpFrameReaderTests
{
    private static byte[] Frame(string text) => MllpListener.Framed(text);

    private static string Text(MllpFrame frame) => Encoding.UTF8.GetString(frame.Content);

    [Fact]
    public void AFrameSplitOverManyReads_IsOneFrame()
    {
        var reader = new MllpFrameReader(1024 * 1024);
        var bytes = Frame("MSH|^~\\&|A\rPID|1\r");
        var frames = new List<MllpFrame>();

        foreach (var b in bytes)
        {
            frames.AddRange(reader.Feed([b]));
        }

        Assert.Equal("MSH|^~\\&|A\rPID|1\r", Text(Assert.Single(frames)));
    }

    [Fact]
    public void TwoFramesInOneRead_AreTwoFrames_AndBytesBetweenFramesAreSkipped()
    {
        var reader = new MllpFrameReader(1024 * 1024);
        var bytes = Frame("one").Concat("\r\ngarbage"u8.ToArray()).Concat(Frame("two")).ToArray();

        var frames = reader.Feed(bytes);

        Assert.Equal(["one", "two"], frames.Select(Text));
        Assert.False(reader.InFrame);
    }

    [Fact]
    public void TheEndSplitBetweenReads_AndAMissingReturn_AreForgiven()
    {
        var reader = new MllpFrameReader(1024 * 1024);

        var first = reader.Feed([MllpFrameReader.Start, (byte)'a', MllpFrameReader.End]);
        var second = reader.Feed([MllpFrameReader.Return, MllpFrameReader.Start, (byte)'b', MllpFrameReader.End, MllpFrameReader.Start, (byte)'c', MllpFrameReader.End]);

        Assert.Equal(["a"], first.Select(Text));
        Assert.Equal(["b", "c"], second.Select(Text));
    }

    [Fact]
    public void AFrameWithoutItsEnd_IsAbandonedAtTheNextStart()
    {
        var reader = new MllpFrameReader(1024 * 1024);

        var frames = reader.Feed([MllpFrameReader.Start, (byte)'l', (byte)'o', (byte)'s', (byte)'t', .. Frame("next")]);

        Assert.Equal(["next"], frames.Select(Text));
        Assert.Equal(1, reader.Abandoned);
    }

    [Fact]
    public void AFrameOverTheLimit_KeepsOnlyItsHead_AndCountsItsWholeLength()
    {
        var reader = new MllpFrameReader(64 * 1024);
        var chunk = new byte[16 * 1024];
        Array.Fill(chunk, (byte)'x');
        var frames = new List<MllpFrame>();

        frames.AddRange(reader.Feed([MllpFrameReader.Start, .. "MSH|^~\\&|A|B\r"u8]));
        for (var i = 0; i < 640; i++) // 10 MB
        {
            frames.AddRange(reader.Feed(chunk));
        }

        frames.AddRange(reader.Feed([MllpFrameReader.End, MllpFrameReader.Return, .. Frame("after")]));

        Assert.Equal(2, frames.Count);
        Assert.True(frames[0].IsOversized);
        Assert.Equal(13 + (640L * 16 * 1024), frames[0].Length);
        Assert.Equal(4096, frames[0].Content.Length);
        Assert.StartsWith("MSH|^~\\&|A|B\r", Text(frames[0]), StringComparison.Ordinal);
        Assert.Equal("after", Text(frames[1]));
        Assert.False(frames[1].IsOversized);
    }
}
