import{a}from"./chunk-XNBMQTM5.js";import"./chunk-BCOS4BET.js";export{a as openConnection};
