namespace Escalation.Infrastructure.Hl7v2;

/// <summary>
/// Cuts a byte stream into MLLP frames: 0x0B, the message, 0x1C 0x0D. Bytes arrive however TCP delivers them: a frame
/// split over reads, several frames in one read. Bytes between frames (a stray CR, garbage) are skipped. A frame longer
/// than the limit is not held: its first bytes are kept (to address the refusal) and the rest is dropped up to its
/// end. A new 0x0B before a frame's end abandons that frame, which never got its end bytes. A missing CR after 0x1C is
/// forgiven.
/// </summary>
public sealed class MllpFrameReader(int maxFrameBytes)
{
    public const byte Start = 0x0B;
    public const byte End = 0x1C;
    public const byte Return = 0x0D;

    /// <summary>What is kept of an oversized frame: enough for any MSH.</summary>
    private const int HeadBytes = 4096;

    private readonly MemoryStream _frame = new();
    private State _state = State.Between;
    private long _length;

    private enum State
    {
        Between,
        InFrame,
        AfterEnd,
    }

    /// <summary>Frames abandoned for a new start byte before their end (counted, for the log).</summary>
    public int Abandoned { get; private set; }

    /// <summary>Whether a frame is under way: a connection closed now loses it.</summary>
    public bool InFrame => _state == State.InFrame;

    public IReadOnlyList<MllpFrame> Feed(ReadOnlySpan<byte> bytes)
    {
        List<MllpFrame>? frames = null;
        var i = 0;
        while (i < bytes.Length)
        {
            switch (_state)
            {
                case State.AfterEnd:
                    _state = State.Between;
                    if (bytes[i] == Return)
                    {
                        i++;
                    }

                    break;
                case State.Between:
                    var start = bytes[i..].IndexOf(Start);
                    if (start < 0)
                    {
                        return frames ?? (IReadOnlyList<MllpFrame>)[];
                    }

                    i += start + 1;
                    Begin();
                    break;
                case State.InFrame:
                    var rest = bytes[i..];
                    var stop = rest.IndexOfAny(End, Start);
                    var content = stop < 0 ? rest : rest[..stop];
                    Append(content);
                    i += content.Length;
                    if (stop < 0)
                    {
                        break;
                    }

                    i++;
                    if (rest[stop] == Start)
                    {
                        Abandoned++;
                        Begin();
                        break;
                    }

                    (frames ??= []).Add(new MllpFrame(_frame.ToArray(), _length > maxFrameBytes, _length));
                    _frame.SetLength(0);
                    _state = State.AfterEnd;
                    break;
            }
        }

        return frames ?? (IReadOnlyList<MllpFrame>)[];
    }

    private void Begin()
    {
        _frame.SetLength(0);
        _length = 0;
        _state = State.InFrame;
    }

    private void Append(ReadOnlySpan<byte> content)
    {
        _length += content.Length;
        int room;
        if (_length > maxFrameBytes)
        {
            if (_frame.Length > HeadBytes)
            {
                // Over the limit: keep only the head, and give back the memory already held.
                var head = _frame.GetBuffer().AsSpan(0, HeadBytes).ToArray();
                _frame.SetLength(0);
                _frame.Capacity = HeadBytes;
                _frame.Write(head);
            }

            room = HeadBytes - (int)_frame.Length;
        }
        else
        {
            room = maxFrameBytes - (int)_frame.Length;
        }

        if (room > 0)
        {
            _frame.Write(content[..Math.Min(room, content.Length)]);
        }
    }
}
