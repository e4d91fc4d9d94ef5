using Bunit;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Erhvervsdialog.Web.Components.Pages.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Erhvervsdialog.Tests.Web;

/// <summary>The contact form in its dialog, on real SQLite: server messages at the fields, and a saved contact.</summary>
public class ContactDialogTests : ComponentTestBase
{
    private IRenderedComponent<MudDialogProvider> _provider = default!;
    private int _companyId;
    private int _unitId;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await Db.CreateUserAsync("admin", Roles.Administrator);
        var worker = await Db.CreateUserAsync("lærke", Roles.CaseWorker);
        _unitId = (await Db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand
        {
            Name = "Byggeri", ShortName = "BYG", Topics = ["byggetilladelse"], Members = [new UnitMemberInput(worker.UserId, false)],
        }, admin)).Id;
        _companyId = (await Db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = "24256790", Name = "Øresund Byg ApS" }, admin)).Id;

        SignIn(worker);
        RenderPopoverProvider();
        _provider = Ctx.Render<MudDialogProvider>();
    }

    private async Task<IDialogReference> OpenAsync(DialogParameters<EditContactDialog> parameters)
    {
        var dialogs = Ctx.Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await _provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<EditContactDialog>("Ny henvendelse", parameters));
        _provider.WaitForElement("[data-testid=save-contact]");
        return reference!;
    }

    [Fact]
    public async Task Save_WithoutCompany_MessageAtCompanyField_NothingSaved()
    {
        await OpenAsync([]);

        _provider.Find("[data-testid=save-contact]").Click();

        _provider.WaitForAssertion(() =>
        {
            var field = _provider.Find("#contact-company").Closest(".mud-input-control")!;
            Assert.Equal("Vælg en virksomhed.", field.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim());
        });
        await using var db = Db.CreateContext();
        Assert.Equal(0, await db.Contacts.CountAsync());
    }

    [Fact]
    public async Task Save_FromCompanyPage_DefaultsToOwnUnitAndNow_AndIsSaved()
    {
        var reference = await OpenAsync(new DialogParameters<EditContactDialog> { { d => d.CompanyId, _companyId } });

        _provider.Find("#contact-summary").Input("Spurgte til byggetilladelse");
        _provider.Find("[data-testid=save-contact]").Click();

        var result = await reference.Result.Within("the contact dialog closing after Save");
        Assert.False(result!.Canceled);
        await using var db = Db.CreateContext();
        var contact = await db.Contacts.SingleAsync();
        Assert.Equal(_companyId, contact.CompanyId);
        Assert.Equal(_unitId, contact.UnitId);
        Assert.Equal("Spurgte til byggetilladelse", contact.Summary);
        Assert.True(contact.SurveyAllowed);
        Assert.Equal(ContactStatus.Open, contact.Status);
        var now = Db.Clock.GetUtcNow().UtcDateTime;
        Assert.InRange(contact.OccurredAt, now.AddMinutes(-1), now);
    }
}
