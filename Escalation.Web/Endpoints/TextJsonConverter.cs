using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Escalation.Domain.Common;

namespace Escalation.Web.Endpoints;

/// <summary>
/// Reads every string of every API request body through <see cref="TextRules"/>: the default limit for any string
/// (list items and dictionary keys too), or the field's own <see cref="TextAttribute"/>. A refused string stops the
/// read with a <see cref="TextRuleException"/>, so the endpoint never runs and nothing is stored; the
/// <c>ApiRequestGuard</c> turns it into a 400 that names the field.
/// </summary>
internal sealed class TextJsonConverter(int maxLength, bool multiline) : JsonConverter<string>
{
    public static TextJsonConverter Default { get; } = new(TextRules.DefaultMaxLength, multiline: false);

    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new TextRuleException("must be a JSON string.");
        }

        return Check(reader);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Check(reader);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private string Check(Utf8JsonReader reader)
    {
        // Refuse a huge value by its encoded size before it is unescaped into memory.
        if (!reader.ValueIsEscaped && (reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) > maxLength * 4L)
        {
            throw new TextRuleException($"is at most {maxLength:N0} characters.");
        }

        var value = reader.GetString()!;
        return TextRules.Problem(value, maxLength, multiline) is { } problem ? throw new TextRuleException(problem) : value;
    }

    /// <summary>Gives each string property that carries a <see cref="TextAttribute"/> a converter with its own limit.</summary>
    public static void ApplyFieldLimits(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            if (property.PropertyType != typeof(string))
            {
                continue;
            }

            var text = Attribute(property.AttributeProvider) ?? Attribute(property.AssociatedParameter?.AttributeProvider);
            if (text is not null)
            {
                property.CustomConverter = new TextJsonConverter(text.MaxLength, text.Multiline);
            }
        }
    }

    private static TextAttribute? Attribute(ICustomAttributeProvider? provider) =>
        provider?.GetCustomAttributes(typeof(TextAttribute), inherit: true).OfType<TextAttribute>().FirstOrDefault();
}

/// <summary>A string refused by <see cref="TextRules"/>; <see cref="Exception.Message"/> is the reason, after the field's name.</summary>
internal sealed class TextRuleException(string reason) : JsonException(reason);
