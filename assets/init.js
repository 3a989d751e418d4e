// Progressive enhancement only: every page works without this file. It marks the page as
// supporting GOV.UK Frontend (for the design system's JavaScript components) and starts them.
import { initAll } from './govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
