namespace Erhvervsdialog.Core.Common;

/// <summary>Danish names of the enum values that both the screens and the PDF reports show (keys like <c>MeetingStatus_Held</c>).</summary>
public static class EnumText
{
    public static string For<T>(T value) where T : struct, Enum =>
        Messages.ResourceManager.GetString($"{typeof(T).Name}_{value}", Messages.Culture) ?? value.ToString();
}
