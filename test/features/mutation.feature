Feature: Step - addV(), addE(), property(), from(), to(), drop(), mergeV(), mergeE()

  Scenario: g_addVXpersonX_propertyXname_stephenX
    Given the empty graph
    And the traversal of
      """
      g.addV('person').property('name', 'stephen')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[stephen] |
    And the graph should return 1 for count of "g.V().count()"

  Scenario: g_addVXpersonX_propertyXname_stephenX_propertyXage_33X_valueMap
    Given the empty graph
    And the traversal of
      """
      g.addV('person').property('name', 'stephen').property('age', 33).valueMap()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"name": ["stephen"], "age": ["d[33].i"]}] |

  Scenario: g_addVXsoftwareX_propertyXname_gremlinX_propertyXlang_groovyX_valuesXlangX
    Given the empty graph
    And the traversal of
      """
      g.addV('software').property('name', 'gremlin').property('lang', 'groovy').values('lang')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | groovy |
    And the graph should return 1 for count of "g.V().hasLabel('software').count()"

  Scenario: g_addVXpersonX_label
    Given the empty graph
    And the traversal of
      """
      g.addV('person').label()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | person |

  Scenario: g_addVXpersonX_addVXpersonX_count
    Given the empty graph
    And the traversal of
      """
      g.addV('person').property('name', 'a').addV('person').property('name', 'b')
      """
    When iterated to list
    Then the result should have a count of 1
    And the graph should return 2 for count of "g.V().count()"

  Scenario: g_addV_asXaX_addV_addEXknowsX_fromXaX
    Given the empty graph
    And the traversal of
      """
      g.addV('person').property('name', 'a').as('a').addV('person').property('name', 'b').addE('knows').from('a')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[a-knows->b] |
    And the graph should return 1 for count of "g.E().count()"

  Scenario: g_addV_asXaX_addV_asXbX_addEXcreatedX_fromXaX_toXbX
    Given the empty graph
    And the traversal of
      """
      g.addV('person').property('name', 'a').as('a').addV('software').property('name', 'b').as('b').addE('created').from('a').to('b')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[a-created->b] |

  Scenario: g_withInitializer_E_count
    Given the empty graph
    And the graph initializer of
      """
      g.addV('person').property('name', 'x').as('x').addV('person').property('name', 'y').addE('knows').from('x').iterate()
      """
    And the traversal of
      """
      g.V().has('name', 'x').out('knows').values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | y |

  @mutates
  Scenario: g_VXv1X_asXaX_VXv6X_addEXknowsX_fromXaX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And using the parameter vid6 defined as "v[peter].id"
    And the traversal of
      """
      g.V(vid1).as('a').V(vid6).addE('knows').from('a')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[marko-knows->peter] |
    And the graph should return 7 for count of "g.E().count()"

  @mutates
  Scenario: g_VXv6X_addEXknowsX_toXVXv2XX
    Given the modern graph
    And using the parameter vid6 defined as "v[peter].id"
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.V(vid6).addE('knows').to(__.V(vid2))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[peter-knows->vadas] |
    And the graph should return 1 for count of "g.V(vid6).out('knows').count()"

  @mutates
  Scenario: g_addEXknowsX_fromXVXv1XX_toXVXv6XX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And using the parameter vid6 defined as "v[peter].id"
    And the traversal of
      """
      g.addE('knows').from(__.V(vid1)).to(__.V(vid6))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[marko-knows->peter] |

  @mutates
  Scenario: g_VXv1X_addEXcreatedX_toXVXv5XX_propertyXweight_0_9X_valuesXweightX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And using the parameter vid5 defined as "v[ripple].id"
    And the traversal of
      """
      g.V(vid1).addE('created').to(__.V(vid5)).property('weight', 0.9d).values('weight')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[0.9].d |
    And the graph should return 2 for count of "g.V(vid5).in('created').count()"

  @mutates
  Scenario: g_VXv1X_propertyXage_30X_valuesXageX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).property('age', 30).values('age')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[30].i |
    And the graph should return 1 for count of "g.V().has('age', 30).count()"
    And the graph should return 0 for count of "g.V().has('age', 29).count()"

  @mutates
  Scenario: g_VXv1X_propertyXsingle_name_markX_valuesXnameX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).property(Cardinality.single, 'name', 'mark').values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | mark |

  @mutates
  Scenario: g_VXv2X_propertyXstatus_newX_valueMap
    Given the modern graph
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.V(vid2).property('status', 'new').valueMap('name', 'status')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"name": ["vadas"], "status": ["new"]}] |

  @mutates
  Scenario: g_V_hasLabelXpersonX_propertyXstatus_activeX_count
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').property('status', 'active').count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[4].l |
    And the graph should return 4 for count of "g.V().has('status', 'active').count()"

  @mutates
  Scenario: g_EXe7X_propertyXweight_0_75X_valuesXweightX
    Given the modern graph
    And using the parameter eid defined as "e[marko-knows->vadas].id"
    And the traversal of
      """
      g.E(eid).property('weight', 0.75d).values('weight')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[0.75].d |
    And the graph should return 1 for count of "g.E().has('weight', 0.75d).count()"

  @mutates
  Scenario: g_VXv1X_drop
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).drop()
      """
    When iterated to list
    Then the result should be empty
    And the graph should return 5 for count of "g.V().count()"
    And the graph should return 3 for count of "g.E().count()"

  @mutates
  Scenario: g_V_hasXname_vadasX_drop
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', 'vadas').drop()
      """
    When iterated to list
    Then the result should be empty
    And the graph should return 5 for count of "g.V().count()"
    And the graph should return 5 for count of "g.E().count()"

  @mutates
  Scenario: g_V_drop
    Given the modern graph
    And the traversal of
      """
      g.V().drop()
      """
    When iterated to list
    Then the result should be empty
    And the graph should return 0 for count of "g.V().count()"
    And the graph should return 0 for count of "g.E().count()"

  @mutates
  Scenario: g_E_drop
    Given the modern graph
    And the traversal of
      """
      g.E().drop()
      """
    When iterated to list
    Then the result should be empty
    And the graph should return 6 for count of "g.V().count()"
    And the graph should return 0 for count of "g.E().count()"

  @mutates
  Scenario: g_VXv1X_outEXknowsX_drop
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).outE('knows').drop()
      """
    When iterated to list
    Then the result should be empty
    And the graph should return 4 for count of "g.E().count()"
    And the graph should return 6 for count of "g.V().count()"

  @mutates
  Scenario: g_E_hasLabelXcreatedX_hasXweight_0_4X_drop
    Given the modern graph
    And the traversal of
      """
      g.E().hasLabel('created').has('weight', 0.4d).drop()
      """
    When iterated to list
    Then the result should be empty
    And the graph should return 4 for count of "g.E().count()"

  @mutates
  Scenario: g_V_hasLabelXsoftwareX_drop
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software').drop()
      """
    When iterated to list
    Then the result should be empty
    And the graph should return 4 for count of "g.V().count()"
    And the graph should return 2 for count of "g.E().count()"

  @mutates
  Scenario: g_VXv1X_propertiesXageX_drop
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).properties('age').drop()
      """
    When iterated to list
    Then the result should be empty
    And the graph should return 0 for count of "g.V(vid1).values('age').count()"
    And the graph should return 3 for count of "g.V().has('age').count()"

  @mutates
  Scenario: g_EXe7X_propertiesXweightX_drop
    Given the modern graph
    And using the parameter eid defined as "e[marko-knows->vadas].id"
    And the traversal of
      """
      g.E(eid).properties('weight').drop()
      """
    When iterated to list
    Then the result should be empty
    And the graph should return 5 for count of "g.E().has('weight').count()"

  Scenario: g_mergeVXperson_stephenX_create
    Given the empty graph
    And the traversal of
      """
      g.mergeV([(T.label): 'person', name: 'stephen'])
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[stephen] |
    And the graph should return 1 for count of "g.V().count()"

  @mutates
  Scenario: g_mergeVXperson_markoX_match
    Given the modern graph
    And the traversal of
      """
      g.mergeV([(T.label): 'person', name: 'marko'])
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
    And the graph should return 6 for count of "g.V().count()"

  @mutates
  Scenario: g_mergeVXperson_stephenX_optionXonCreateX
    Given the modern graph
    And the traversal of
      """
      g.mergeV([(T.label): 'person', name: 'stephen']).option(Merge.onCreate, [(T.label): 'person', name: 'stephen', age: 33])
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[stephen] |
    And the graph should return 1 for count of "g.V().has('name', 'stephen').has('age', 33).count()"
    And the graph should return 7 for count of "g.V().count()"

  @mutates
  Scenario: g_mergeVXperson_markoX_optionXonMatch_age_30X
    Given the modern graph
    And the traversal of
      """
      g.mergeV([(T.label): 'person', name: 'marko']).option(Merge.onMatch, [age: 30]).values('age')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[30].i |
    And the graph should return 6 for count of "g.V().count()"

  @mutates
  Scenario: g_mergeVXname_markoX_optionXonCreateX_notUsed
    Given the modern graph
    And the traversal of
      """
      g.mergeV([name: 'marko']).option(Merge.onCreate, [(T.label): 'person', name: 'marko', age: 99]).values('age')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[29].i |

  @mutates
  Scenario: g_mergeEXknows_v6_v2X_create
    Given the modern graph
    And using the parameter vid6 defined as "v[peter].id"
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.mergeE([(T.label): 'knows', (Direction.OUT): vid6, (Direction.IN): vid2])
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[peter-knows->vadas] |
    And the graph should return 7 for count of "g.E().count()"

  @mutates
  Scenario: g_mergeEXknows_v1_v2X_match
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.mergeE([(T.label): 'knows', (Direction.OUT): vid1, (Direction.IN): vid2])
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | e[marko-knows->vadas] |
    And the graph should return 6 for count of "g.E().count()"

  @mutates
  Scenario: g_mergeEXknows_v1_v2X_optionXonMatch_weightX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.mergeE([(T.label): 'knows', (Direction.OUT): vid1, (Direction.IN): vid2]).option(Merge.onMatch, [weight: 0.25d]).values('weight')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[0.25].d |

  @mutates
  Scenario: g_V_hasXname_peterX_sideEffectXpropertyXage_36XX_valuesXageX
    Given the modern graph
    And the traversal of
      """
      g.V().has('name', 'peter').sideEffect(__.property('age', 36)).values('age')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[36].i |

  Scenario: g_injectXnamesX_unfold_addVXpersonX_propertyXname_identityX
    Given the empty graph
    And the traversal of
      """
      g.inject(['a', 'b', 'c']).unfold().as('n').addV('person').property('name', __.select('n')).values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | a |
      | b |
      | c |
    And the graph should return 3 for count of "g.V().hasLabel('person').count()"
