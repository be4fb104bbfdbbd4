// Small helpers the portal's pages call through JS interop (loaded by App.razor, before Blazor starts).
window.breakoutBot = {
    // The tab's title: PortalTitle sets it once a page runs interactively (App's HeadOutlet is static).
    setTitle: title => { document.title = title; },
};
