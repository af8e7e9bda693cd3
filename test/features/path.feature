Feature: Step - path(), as(), select(), project(), simplePath(), cyclicPath()

  Scenario: g_VXv1X_out_path
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).out().path()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | p[v[marko],v[vadas]] |
      | p[v[marko],v[josh]] |
      | p[v[marko],v[lop]] |

  Scenario: g_VXv1X_out_out_path
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).out().out().path()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | p[v[marko],v[josh],v[ripple]] |
      | p[v[marko],v[josh],v[lop]] |

  Scenario: g_VXv1X_outE_inV_path
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).outE().inV().path()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | p[v[marko],e[marko-knows->vadas],v[vadas]] |
      | p[v[marko],e[marko-knows->josh],v[josh]] |
      | p[v[marko],e[marko-created->lop],v[lop]] |

  Scenario: g_VXv1X_out_path_byXnameX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).out().path().by('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | p[marko,vadas] |
      | p[marko,josh] |
      | p[marko,lop] |

  Scenario: g_VXv1X_outXknowsX_path_byXnameX_byXageX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).out('knows').path().by('name').by('age')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | p[marko,d[27].i] |
      | p[marko,d[32].i] |

  Scenario: g_V_out_out_path_byXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().out().out().path().by('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | p[marko,josh,ripple] |
      | p[marko,josh,lop] |

  Scenario: g_VXv1X_outE_inV_path_byXnameX_byXweightX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).outE().inV().path().by('name').by('weight')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | p[marko,d[0.5].d,vadas] |
      | p[marko,d[1.0].d,josh] |
      | p[marko,d[0.4].d,lop] |

  Scenario: g_V_out_out_path_count
    Given the modern graph
    And the traversal of
      """
      g.V().out().out().path().count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[2].l |

  @doubt
  Scenario: g_VXv1X_out_path_countXlocalX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).out().path().count(Scope.local)
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[2].l |
      | d[2].l |
      | d[2].l |

  Scenario: g_VXv2X_path
    Given the modern graph
    And using the parameter vid2 defined as "v[vadas].id"
    And the traversal of
      """
      g.V(vid2).path()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | p[v[vadas]] |

  Scenario: g_VXv1X_asXaX_outXknowsX_asXbX_selectXa_bX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).as('a').out('knows').as('b').select('a', 'b')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"a": "v[marko]", "b": "v[vadas]"}] |
      | m[{"a": "v[marko]", "b": "v[josh]"}] |

  Scenario: g_VXv1X_asXaX_outXknowsX_asXbX_selectXa_bX_byXnameX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).as('a').out('knows').as('b').select('a', 'b').by('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"a": "marko", "b": "vadas"}] |
      | m[{"a": "marko", "b": "josh"}] |

  Scenario: g_VXv1X_asXaX_out_selectXaX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).as('a').out().select('a')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[marko] |
      | v[marko] |

  Scenario: g_V_asXaX_outXknowsX_selectXaX_valuesXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().as('a').out('knows').select('a').values('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | marko |
      | marko |

  Scenario: g_VXv1X_asXaX_outXknowsX_selectXaX_byXageX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).as('a').out('knows').select('a').by('age')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[29].i |
      | d[29].i |

  Scenario: g_V_asXaX_outXcreatedX_asXbX_selectXa_bX_byXnameX
    Given the modern graph
    And the traversal of
      """
      g.V().as('a').out('created').as('b').select('a', 'b').by('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"a": "marko", "b": "lop"}] |
      | m[{"a": "josh", "b": "ripple"}] |
      | m[{"a": "josh", "b": "lop"}] |
      | m[{"a": "peter", "b": "lop"}] |

  Scenario: g_V_hasLabelXsoftwareX_asXsX_inXcreatedX_asXpX_selectXs_pX_byXnameX_byXageX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software').as('s').in('created').as('p').select('s', 'p').by('name').by('age')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"s": "lop", "p": "d[29].i"}] |
      | m[{"s": "lop", "p": "d[32].i"}] |
      | m[{"s": "lop", "p": "d[35].i"}] |
      | m[{"s": "ripple", "p": "d[32].i"}] |

  Scenario: g_VXv1X_asXaX_out_asXbX_out_asXcX_selectXa_b_cX_byXnameX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).as('a').out().as('b').out().as('c').select('a', 'b', 'c').by('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"a": "marko", "b": "josh", "c": "ripple"}] |
      | m[{"a": "marko", "b": "josh", "c": "lop"}] |

  Scenario: g_VXv1X_asXxX_outXknowsX_asXxX_selectXfirst_xX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).as('x').out('knows').as('x').select(Pop.first, 'x')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[marko] |

  Scenario: g_VXv1X_asXxX_outXknowsX_asXxX_selectXlast_xX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).as('x').out('knows').as('x').select(Pop.last, 'x')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[vadas] |
      | v[josh] |

  Scenario: g_VXv1X_asXxX_outXknowsX_asXxX_selectXall_xX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).as('x').out('knows').as('x').select(Pop.all, 'x')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | l[v[marko],v[vadas]] |
      | l[v[marko],v[josh]] |

  Scenario: g_V_asXaX_out_asXaX_out_asXaX_selectXall_aX_byXunfold_valuesXnameX_foldX
    Given the modern graph
    And the traversal of
      """
      g.V().as('a').out().as('a').out().as('a').select(Pop.all, 'a').by(__.unfold().values('name').fold())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | l[marko,josh,ripple] |
      | l[marko,josh,lop] |

  Scenario: g_VXv1X_asXaX_selectXbX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).as('a').select('b')
      """
    When iterated to list
    Then the result should be empty

  Scenario: g_VXv1X_asXaX_outXknowsX_selectXaX_byXout_countX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).as('a').out('knows').select('a').by(__.out().count())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[3].l |
      | d[3].l |

  Scenario: g_V_hasLabelXpersonX_projectXname_ageX_byXnameX_byXageX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').project('name', 'age').by('name').by('age')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"name": "marko", "age": "d[29].i"}] |
      | m[{"name": "vadas", "age": "d[27].i"}] |
      | m[{"name": "josh", "age": "d[32].i"}] |
      | m[{"name": "peter", "age": "d[35].i"}] |

  Scenario: g_V_hasLabelXpersonX_projectXn_cX_byXnameX_byXout_countX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').project('n', 'c').by('name').by(__.out().count())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"n": "marko", "c": "d[3].l"}] |
      | m[{"n": "vadas", "c": "d[0].l"}] |
      | m[{"n": "josh", "c": "d[2].l"}] |
      | m[{"n": "peter", "c": "d[1].l"}] |

  Scenario: g_EXe7X_projectXout_inX_byXoutV_nameX_byXinV_nameX
    Given the modern graph
    And using the parameter eid defined as "e[marko-knows->vadas].id"
    And the traversal of
      """
      g.E(eid).project('out', 'in').by(__.outV().values('name')).by(__.inV().values('name'))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"out": "marko", "in": "vadas"}] |

  Scenario: g_VXv1X_projectXxX_byXconstantX1XX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).project('x').by(__.constant(1))
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"x": "d[1].i"}] |

  Scenario: g_V_hasLabelXsoftwareX_projectXname_creatorsX_byXnameX_byXinXcreatedX_valuesXnameX_foldX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('software').project('name', 'creators').by('name').by(__.in('created').values('name').order().fold())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"name": "lop", "creators": ["josh", "marko", "peter"]}] |
      | m[{"name": "ripple", "creators": ["josh"]}] |

  Scenario: g_VXv1X_projectXa_bX_byXidentityX_byXoutE_countX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).project('a', 'b').by(__.identity()).by(__.outE().count())
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | m[{"a": "v[marko]", "b": "d[3].l"}] |

  Scenario: g_V_hasLabelXpersonX_projectXnX_byXnameX_selectXnX
    Given the modern graph
    And the traversal of
      """
      g.V().hasLabel('person').project('n').by('name').select('n')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | marko |
      | vadas |
      | josh |
      | peter |

  Scenario: g_VXv1X_both_both_simplePath
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).both().both().simplePath()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[ripple] |
      | v[lop] |
      | v[josh] |
      | v[peter] |

  Scenario: g_VXv1X_both_both_simplePath_path_byXnameX
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).both().both().simplePath().path().by('name')
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | p[marko,josh,ripple] |
      | p[marko,josh,lop] |
      | p[marko,lop,josh] |
      | p[marko,lop,peter] |

  Scenario: g_VXv1X_both_both_cyclicPath
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).both().both().cyclicPath()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | v[marko] |
      | v[marko] |
      | v[marko] |

  Scenario: g_VXv1X_both_both_cyclicPath_path
    Given the modern graph
    And using the parameter vid1 defined as "v[marko].id"
    And the traversal of
      """
      g.V(vid1).both().both().cyclicPath().path()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | p[v[marko],v[vadas],v[marko]] |
      | p[v[marko],v[josh],v[marko]] |
      | p[v[marko],v[lop],v[marko]] |

  Scenario: g_V_out_simplePath_count
    Given the modern graph
    And the traversal of
      """
      g.V().out().simplePath().count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[6].l |

  Scenario: g_V_both_both_cyclicPath_count
    Given the modern graph
    And the traversal of
      """
      g.V().both().both().cyclicPath().count()
      """
    When iterated to list
    Then the result should be unordered
      | result |
      | d[12].l |
