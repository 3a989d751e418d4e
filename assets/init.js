// Progressive enhancement only: every page works without this file. It marks the page as
// supporting GOV.UK Frontend (for the design system's JavaScript components) and starts them,
// and adds a cross-reference picker beside each paragraph of the notice editor.
import { initAll } from './govuk-frontend.min.js'
import './authority-search.js'
import './notice-editor.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()

// The appeal's stage form: the outcome on each provision is asked only for a decision allowed
// in part (without JavaScript the rows are always shown, and ignored for other outcomes).
document.querySelectorAll('[data-s50-shown-for-outcome]').forEach((group) => {
  const outcome = document.getElementById('outcome')
  if (!outcome) return
  const show = () => { group.hidden = outcome.value !== group.dataset.s50ShownForOutcome }
  outcome.addEventListener('change', show)
  show()
})

// The notice editor lists the labels that can be referred to; with JavaScript, each
// paragraph's text box gets a picker that inserts {ref:label} where the cursor is.
const labels = [...document.querySelectorAll('#labels li')].map((li) => ({
  label: li.dataset.label,
  text: 'Paragraph ' + li.dataset.number + ' (' + li.dataset.label + ')'
}))
if (labels.length > 0) {
  document.querySelectorAll('textarea.s50-paragraph-text').forEach((textarea) => {
    const id = textarea.id + '-ref'
    const group = document.createElement('div')
    group.className = 'govuk-form-group govuk-!-margin-bottom-2'
    const label = document.createElement('label')
    label.className = 'govuk-label govuk-body-s'
    label.htmlFor = id
    label.textContent = 'Insert a cross-reference'
    const select = document.createElement('select')
    select.className = 'govuk-select'
    select.id = id
    select.add(new Option('Choose a paragraph', ''))
    labels.forEach((l) => select.add(new Option(l.text, l.label)))
    select.addEventListener('change', () => {
      if (!select.value) return
      const insert = '{ref:' + select.value + '}'
      const start = textarea.selectionStart ?? textarea.value.length
      const end = textarea.selectionEnd ?? start
      textarea.value = textarea.value.slice(0, start) + insert + textarea.value.slice(end)
      textarea.focus()
      textarea.selectionStart = textarea.selectionEnd = start + insert.length
      select.value = ''
      // Typed as if by hand: the editor's autosave and its unsaved-text warning see it.
      textarea.dispatchEvent(new Event('input', { bubbles: true }))
    })
    group.append(label, select)
    textarea.insertAdjacentElement('afterend', group)
  })
}
