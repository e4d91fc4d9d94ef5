// Tells the server that the user of an open page is active, at most once per interval: the sign-in cookie is renewed
// (so the idle timeout counts from the last click or key), and the page's timer is set to the cookie's new end, which
// the server answers in its own clock.
let page = null;
let every = 60000;
let last = 0;
const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'];

function activity() {
    const now = Date.now();
    if (now - last >= every) {
        last = now;
        ping();
    }
}

async function ping() {
    try {
        const response = await fetch('konto/aktiv', { credentials: 'same-origin', cache: 'no-store', redirect: 'manual' });
        if (response.ok) {
            const session = await response.json();
            await page?.invokeMethodAsync('Active', session.until);
        } else {
            await page?.invokeMethodAsync('Ended');
        }
    } catch {
        // Offline for a moment: the next click tries again.
    }
}

export function start(dotNetPage, intervalMs) {
    page = dotNetPage;
    every = intervalMs;
    events.forEach(e => window.addEventListener(e, activity, { capture: true, passive: true }));
    last = Date.now();
    ping();
}

export function stay() {
    last = Date.now();
    return ping();
}

export function stop() {
    events.forEach(e => window.removeEventListener(e, activity, { capture: true }));
    page = null;
}

export function signOut(formId) {
    document.getElementById(formId)?.requestSubmit();
}
