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

-- A long path or URL in a table cell has no space to break at, so groff overruns the cell ("can't
-- break line"). breakable() cuts text into make(piece) inlines with a zero-width \: between them,
-- after each '/' that ends a path segment (not a leading one, not inside "//").
function breakable(text, make)
  local out, start = {}, 1
  for i = 2, #text - 1 do
    local c, before, after = text:sub(i, i), text:sub(i - 1, i - 1), text:sub(i + 1, i + 1)
    if c == '/' and before ~= '/' and before ~= '(' and after ~= '/' then
      table.insert(out, make(text:sub(start, i)))
      table.insert(out, pandoc.RawInline('man', '\\:'))
      start = i + 1
    end
  end
  table.insert(out, make(text:sub(start)))
  return out
end

function Code(code)
  if #code.text < 16 then
    return nil
  end
  return breakable(code.text, pandoc.Code)
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
    table.insert(inlines, pandoc.Space())
    for _, piece in ipairs(breakable('(/usr/share/doc/dhcplite/' .. file .. ')', pandoc.Str)) do
      table.insert(inlines, piece)
    end
    return inlines
  end
  return link
end

