-- pandoc filter for the man pages. The docs' "Contents" list links within a web page, which a
-- man page has no use for: drop that section. Links keep their text; relative targets (other
-- docs, the example) are shown as /usr/share/doc/dhcplite paths, where the package installs them.
function Pandoc(doc)
  local blocks, skipping = {}, false
  for _, block in ipairs(doc.blocks) do
    if block.t == 'Header' then
      skipping = pandoc.utils.stringify(block) == 'Contents'
    end
    if not skipping then
      table.insert(blocks, block)
    end
  end
  doc.blocks = blocks
  return doc
end

function Link(link)
  if link.target:match('^#') then
    return link.content
  end
  if not link.target:match('^%a+:') then
    local file = link.target:gsub('#.*$', ''):gsub('^.*/', '')
    if file:match('%.yaml$') then
      file = 'examples/' .. file
    end
    local inlines = link.content
    table.insert(inlines, pandoc.Str(' (/usr/share/doc/dhcplite/' .. file .. ')'))
    return inlines
  end
  return link
end
