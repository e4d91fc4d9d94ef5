namespace Erhvervsdialog.Web.Components.Shared;

/// <summary>
/// Tells the open page (per circuit) that a contact was saved from the app bar's "Ny henvendelse", so a list or
/// timeline on screen can show it at once.
/// </summary>
public sealed class ContactNotifier
{
    public event Func<Task>? Saved;

    public Task NotifySavedAsync() => Saved?.Invoke() ?? Task.CompletedTask;
}
