// Search-as-you-type for the new-case form's authority picker. Progressive enhancement only:
// without this file the Find button posts the form and the page lists the matches. With it,
// typing asks GET /api/v1/authorities?q= (the session cookie is accepted for reads) and shows
// the same radios the page would, so the form posts the same authority_id either way.
const input = document.querySelector('[data-s50-authority-search]')
const results = document.getElementById('authority-matches')
if (input && results) {
  let timer = 0
  let latest = 0
  const show = (items, q) => {
    results.replaceChildren()
    if (items.length === 0) {
      const p = document.createElement('p')
      p.className = 'govuk-body govuk-!-margin-top-3'
      p.textContent = 'No authority matches “' + q + '”.'
      results.append(p)
      return
    }
    const radios = document.createElement('div')
    radios.className = 'govuk-radios govuk-radios--small govuk-!-margin-top-3'
    radios.id = 'authority_id'
    items.forEach((a) => {
      const item = document.createElement('div')
      item.className = 'govuk-radios__item'
      const radio = document.createElement('input')
      radio.className = 'govuk-radios__input'
      radio.type = 'radio'
      radio.name = 'authority_id'
      radio.id = 'authority_id-' + a.id
      radio.value = String(a.id)
      radio.checked = items.length === 1
      const label = document.createElement('label')
      label.className = 'govuk-label govuk-radios__label'
      label.htmlFor = radio.id
      // The server's one wording (Authority::named_with_short), never rebuilt here.
      label.textContent = a.display_name
      item.append(radio, label)
      radios.append(item)
    })
    results.append(radios)
  }
  input.addEventListener('input', () => {
    clearTimeout(timer)
    const q = input.value.trim()
    if (q.length < 2) return
    timer = setTimeout(async () => {
      const asked = ++latest
      try {
        const response = await fetch('/api/v1/authorities?q=' + encodeURIComponent(q), {
          headers: { Accept: 'application/json' },
          credentials: 'same-origin'
        })
        if (!response.ok || asked !== latest) return
        const body = await response.json()
        if (asked === latest) show(body.items, q)
      } catch {
        // The Find button still works.
      }
    }, 200)
  })
}
