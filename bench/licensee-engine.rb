# licensee in-process over the corpus, for the engine-to-engine comparison (benchmark only).
# Usage: ruby bench/licensee-engine.rb CORPUS
require 'json'
require 'licensee'

corpus = ARGV[0]
cases = JSON.parse(File.read(File.join(corpus, 'labels.json')))
detect = lambda do |c|
  content = File.read(File.join(corpus, c['file']))
  name = File.basename(c['file'])
  klass = name.start_with?('README') ? Licensee::ProjectFiles::ReadmeFile : Licensee::ProjectFiles::LicenseFile
  klass.new(content, name).license&.spdx_id
end
started = Time.now
detect.call(cases.first)
warmup = Time.now - started
rounds = 3
started = Time.now
rounds.times { cases.each { |c| detect.call(c) } }
seconds = Time.now - started
puts JSON.generate(
  licenseeEngineWarmupMs: warmup * 1000,
  licenseeEngineFilesPerSecond: rounds * cases.size / seconds,
  licenseeEngineMsPerFile: 1000 * seconds / (rounds * cases.size)
)
