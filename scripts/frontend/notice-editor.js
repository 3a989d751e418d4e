// The notice editor's form, enhanced: it is saved in the background a few seconds after typing
// stops (with the version it was opened at: when someone saved meanwhile, the form is posted
// normally and the page shows both texts), and leaving the page with unsaved text asks first.
// Without JavaScript the form's buttons save everything typed.
const form = document.getElementById('notice-form')
if (form && form.dataset.autosave) {
  const status = document.getElementById('autosave-status')
  const version = form.querySelector('input[name="version"]')
  let dirty = false
  let timer = null
  let saving = false
  let submitting = false
  // A button pressed while a background save is on its way: pressed again once it is back, so
  // that the form carries the version that save made rather than conflicting with it.
  let pending = null
  const say = (text) => { if (status) status.textContent = text }
  const save = async () => {
    if (!dirty || saving) return
    saving = true
    dirty = false
    say('Saving…')
    try {
      const response = await fetch(form.dataset.autosave, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { Accept: 'application/json' },
        credentials: 'same-origin'
      })
      const body = await response.json()
      if (response.ok) {
        version.value = body.version
        say('Saved as version ' + body.version)
      } else if (response.status === 409) {
        // Someone saved another version: show both texts rather than overwrite theirs.
        submitting = true
        form.submit()
      } else {
        dirty = true
        say('Not saved: ' + Object.values(body.errors || {}).join(' '))
      }
    } catch (e) {
      dirty = true
      say('Not saved: the service could not be reached. Your text is still here.')
    } finally {
      saving = false
      if (pending) {
        const button = pending
        pending = null
        submitting = true
        form.requestSubmit(button)
      }
    }
  }
  form.addEventListener('input', () => {
    dirty = true
    say('Unsaved changes')
    clearTimeout(timer)
    timer = setTimeout(save, 3000)
  })
  form.addEventListener('submit', (event) => {
    clearTimeout(timer)
    if (saving) {
      event.preventDefault()
      pending = event.submitter || null
      if (!pending) pending = form.querySelector('#save-notice')
      return
    }
    submitting = true
  })
  window.addEventListener('beforeunload', (event) => {
    if (dirty && !submitting) {
      event.preventDefault()
      event.returnValue = ''
    }
  })
}
